package io.ctops.core.queue.wal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the write-ahead log itself, beside the queue-wide {@link io.ctops.core.queue.QueueMetrics}:
 * damage found on disk and fsyncs done. Keyed by topic.
 */
public final class WalMetrics {

    private final Map<String, LongAdder> corruptRecords = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tornTails = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> undecodable = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> fsyncs = new ConcurrentHashMap<>();

    void corrupt(String topic, long records) {
        add(corruptRecords, topic, records);
    }

    void tornTail(String topic) {
        add(tornTails, topic, 1);
    }

    void undecodable(String topic) {
        add(undecodable, topic, 1);
    }

    void fsync(String topic) {
        add(fsyncs, topic, 1);
    }

    /** Records skipped, never delivered, because they failed their CRC in the middle of a segment. */
    public Map<String, Long> corruptRecordsByTopic() {
        return snapshot(corruptRecords);
    }

    /** Partly written records cut off the end of a topic's log when the queue was opened. */
    public Map<String, Long> tornTailsByTopic() {
        return snapshot(tornTails);
    }

    /** Records intact on disk whose payload did not parse as the topic's message type; skipped. */
    public Map<String, Long> undecodableByTopic() {
        return snapshot(undecodable);
    }

    /** fsyncs of segment files; under group commit far fewer than records published. */
    public Map<String, Long> fsyncsByTopic() {
        return snapshot(fsyncs);
    }

    private static void add(Map<String, LongAdder> counters, String topic, long amount) {
        counters.computeIfAbsent(topic, t -> new LongAdder()).add(amount);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
