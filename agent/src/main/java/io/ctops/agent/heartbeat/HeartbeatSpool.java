package io.ctops.agent.heartbeat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ctops.agent.spool.Spool;
import io.ctops.agent.spool.SpoolEntry;
import io.ctops.agent.spool.SpoolStatus;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Heartbeats waiting in the on-disk {@link Spool}: stored marked {@code replayed} with their
 * original {@code sent_at}, which is how they are sent once the server can be reached again.
 */
public final class HeartbeatSpool {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatSpool.class);

    private final Spool spool;

    public HeartbeatSpool(Spool spool) {
        this.spool = requireNonNull(spool, "spool is null");
    }

    /** A spooled heartbeat and its place in the spool. */
    public record Spooled(long index, HeartbeatRequest heartbeat) {
    }

    /**
     * Keeps a heartbeat the server has not acknowledged. On a full disk the spool drops its oldest
     * heartbeats to make room; a heartbeat that still cannot be written is lost, and that is logged.
     */
    public void append(HeartbeatRequest heartbeat) {
        try {
            spool.append(heartbeat.toBuilder().setReplayed(true).build().toByteArray());
        } catch (IOException e) {
            log.error("Heartbeat {} lost: the spool in {} cannot be written: {}", heartbeat.getSequence(), spool.dir(),
                    e.getMessage());
        }
    }

    /** {@return up to {@code max} heartbeats from {@code fromIndex} on, oldest first} */
    public List<Spooled> read(long fromIndex, int max) throws IOException {
        List<Spooled> heartbeats = new ArrayList<>();
        for (SpoolEntry entry : spool.read(fromIndex, max)) {
            try {
                heartbeats.add(new Spooled(entry.index(), HeartbeatRequest.parseFrom(entry.payload())));
            } catch (InvalidProtocolBufferException e) {
                log.warn("Spool record {} is not a heartbeat; discarded", entry.index());
                spool.acknowledge(entry.index());
            }
        }
        return heartbeats;
    }

    /** Removes the heartbeat with this index (and any before it): the server acknowledged it. */
    public void acknowledge(long index) {
        try {
            spool.acknowledge(index);
        } catch (IOException e) {
            log.warn("The spool's position cannot be written ({}); the heartbeat may be sent twice", e.getMessage());
        }
    }

    /** {@return the index of the oldest heartbeat waiting} */
    public long head() {
        return spool.head();
    }

    /** {@return how full the spool is} */
    public SpoolStatus status() {
        return spool.status();
    }
}
