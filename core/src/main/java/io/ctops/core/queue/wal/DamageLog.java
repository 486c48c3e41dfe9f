package io.ctops.core.queue.wal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports a damaged span of a segment once, however many reads step over it: a warning and a count. */
final class DamageLog {

    private static final Logger LOG = LoggerFactory.getLogger(DamageLog.class);

    private final String topic;
    private final WalMetrics metrics;

    DamageLog(String topic, WalMetrics metrics) {
        this.topic = topic;
        this.metrics = metrics;
    }

    void corrupt(Segment segment, FrameScanner.Damage damage) {
        if (segment.firstReport(damage.from())) {
            metrics.corrupt(topic, damage.lostRecords());
            LOG.warn("Topic {}: bytes {}..{} of {} fail their CRC (about {} record(s)); skipped, not delivered",
                    topic, damage.from(), damage.to(), segment.file(), damage.lostRecords());
        }
    }

    void undecodable(Segment segment, FrameScanner.Frame frame, Exception cause) {
        if (segment.firstReport(frame.position())) {
            metrics.undecodable(topic);
            LOG.warn("Topic {}: record at offset {} in {} is intact but its payload does not parse ({}); skipped",
                    topic, frame.record().offset(), segment.file(), cause.toString());
        }
    }

    void tornTail(Segment segment, long from, long to) {
        metrics.tornTail(topic);
        LOG.warn("Topic {}: cut {} byte(s) of a partly written record off the end of {} (at {}); records before it are intact",
                topic, to - from, segment.file(), from);
    }
}
