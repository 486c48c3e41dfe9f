package io.ctops.core.queue;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the queue, exported on /metrics. */
public final class QueueMetrics {

    private final Map<String, LongAdder> published = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final Map<GroupTopic, LongAdder> consumed = new ConcurrentHashMap<>();

    /** A consumer group reading one topic. */
    public record GroupTopic(String group, String topic) {
    }

    /** Counts one message accepted by the queue. */
    public void published(String topic) {
        published.computeIfAbsent(topic, t -> new LongAdder()).increment();
    }

    /** Counts one message dropped by retention before every group read it. */
    public void dropped(String topic) {
        dropped(topic, 1);
    }

    /** Counts messages dropped by retention before every group read them. */
    public void dropped(String topic, long messages) {
        dropped.computeIfAbsent(topic, t -> new LongAdder()).add(messages);
    }

    /** Counts one message a group handled and committed. */
    public void consumed(String group, String topic) {
        consumed.computeIfAbsent(new GroupTopic(group, topic), t -> new LongAdder()).increment();
    }

    public Map<String, Long> publishedByTopic() {
        return snapshot(published);
    }

    public Map<String, Long> droppedByTopic() {
        return snapshot(dropped);
    }

    public Map<GroupTopic, Long> consumedByGroup() {
        Map<GroupTopic, Long> copy = new TreeMap<>((a, b) -> (a.group() + '\0' + a.topic()).compareTo(b.group() + '\0' + b.topic()));
        consumed.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
