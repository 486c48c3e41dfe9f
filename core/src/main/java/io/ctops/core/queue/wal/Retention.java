package io.ctops.core.queue.wal;

import io.ctops.core.queue.QueueMetrics;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes whole sealed segments of a topic, oldest first: those every known consumer group has committed
 * past, and, while the topic is over its byte limit or a segment is over the age limit, also segments a
 * group has not finished, counting each record lost that way as dropped. With no known group nothing
 * counts as consumed, so records published before the first consumer starts wait for it within the limits.
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final WalSettings settings;
    private final Clock clock;
    private final QueueMetrics counters;

    Retention(WalSettings settings, Clock clock, QueueMetrics counters) {
        this.settings = settings;
        this.clock = clock;
        this.counters = counters;
    }

    /**
     * @param committed the committed offset on this topic of every known group
     */
    void enforce(TopicLog log, Collection<Long> committed) throws IOException {
        OptionalLong slowest = committed.stream().mapToLong(Long::longValue).min();
        Instant expiry = clock.instant().minus(settings.retentionAge());
        long total = log.totalBytes();
        for (TopicLog.Sealed sealed : log.sealedSegments()) {
            long base = sealed.segment().baseOffset();
            boolean consumed = slowest.isPresent() && slowest.getAsLong() >= sealed.endOffset();
            boolean forced = total > settings.retentionBytes() || sealed.lastModified().isBefore(expiry);
            if (!consumed && !forced) {
                break; // later segments are newer and less consumed: nothing more to delete
            }
            if (!log.delete(sealed.segment())) {
                break;
            }
            total -= sealed.bytes();
            if (consumed) {
                LOG.debug("Topic {}: deleted {}, every consumer group is past it", log.topic(), sealed.segment().file());
                continue;
            }
            // offsets are dense within a segment except where damage or a crash without fsync left gaps
            long lost = sealed.endOffset() - Math.max(base, slowest.orElse(base));
            counters.dropped(log.topic(), lost);
            LOG.warn("Topic {}: retention limit ({} bytes, {}) forced deleting {} with {} record(s) a consumer group had not committed",
                    log.topic(), settings.retentionBytes(), settings.retentionAge(), sealed.segment().file(), lost);
        }
    }
}
