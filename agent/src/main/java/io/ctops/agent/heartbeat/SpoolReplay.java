package io.ctops.agent.heartbeat;

import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Sends what waits in the spool on one stream, oldest first, as the stream's window allows. The
 * heartbeats stay in the spool until the server answers them.
 */
final class SpoolReplay {

    /** The server refuses replayed heartbeats older than 7 days; an hour's margin for clock skew. */
    static final Duration MAX_AGE = Duration.ofDays(7).minusHours(1);
    private static final Logger log = LoggerFactory.getLogger(SpoolReplay.class);

    private final HeartbeatSpool spool;
    private final HeartbeatSession session;
    private final Clock clock;
    private final int batch;
    private final Duration poll;
    private long cursor;
    private long logged;

    SpoolReplay(HeartbeatSpool spool, HeartbeatSession session, Clock clock, int batch, Duration poll) {
        this.spool = requireNonNull(spool, "spool is null");
        this.session = requireNonNull(session, "session is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.poll = requireNonNull(poll, "poll is null");
        this.batch = batch;
        this.cursor = spool.head();
    }

    /** Sends the next batch, or waits a little when there is nothing to send or no room. */
    void step() throws InterruptedException {
        List<HeartbeatSpool.Spooled> next;
        try {
            next = spool.read(cursor, batch);
        } catch (IOException e) {
            log.error("The spool cannot be read: {}", e.getMessage());
            session.awaitEnd(Duration.ofSeconds(1));
            return;
        }
        if (next.isEmpty()) {
            reportWhenEmpty();
            session.awaitEnd(poll);
            return;
        }
        Instant oldest = clock.instant().minus(MAX_AGE);
        for (HeartbeatSpool.Spooled spooled : next) {
            if (sentAt(spooled).isBefore(oldest)) {
                if (session.unanswered() > 0) {
                    // dropping acknowledges everything before it too: first let the stream answer those
                    session.awaitEnd(poll);
                    return;
                }
                log.warn("Spooled heartbeat {} from {} is too old for the server to accept; dropped",
                        spooled.heartbeat().getSequence(), sentAt(spooled));
                spool.acknowledge(spooled.index());
                cursor = spooled.index() + 1;
                continue;
            }
            if (!session.sendReplay(spooled, poll)) {
                return;
            }
            cursor = spooled.index() + 1;
        }
    }

    private void reportWhenEmpty() {
        long replayed = session.replayedAcknowledged();
        if (replayed > logged && spool.status().records() == 0) {
            log.info("Replayed {} spooled heartbeat(s); the spool is empty", replayed - logged);
            logged = replayed;
        }
    }

    private static Instant sentAt(HeartbeatSpool.Spooled spooled) {
        Timestamp sentAt = spooled.heartbeat().getSentAt();
        return Instant.ofEpochSecond(sentAt.getSeconds(), sentAt.getNanos());
    }
}
