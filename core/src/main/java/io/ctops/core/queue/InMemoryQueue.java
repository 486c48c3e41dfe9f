package io.ctops.core.queue;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The interim queue: one in-memory log per topic with per-group positions. Correct delivery semantics
 * (per-key order, at-least-once, positions advance only by commit) but nothing survives a restart;
 * the write-ahead-log queue replaces it. Each topic keeps at most {@code retainedPerTopic} records;
 * older ones are dropped and counted.
 */
public final class InMemoryQueue implements QueueLog {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final Map<String, TopicLog> logs = new HashMap<>();
    private final Map<String, Map<String, Long>> positions = new HashMap<>();
    private final QueueMetrics metrics;
    private final Clock clock;
    private final int retainedPerTopic;

    public InMemoryQueue(QueueMetrics metrics, Clock clock, int retainedPerTopic) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (retainedPerTopic < 1) {
            throw new IllegalArgumentException("retainedPerTopic must be positive");
        }
        this.retainedPerTopic = retainedPerTopic;
    }

    @Override
    public <T extends Message> void publish(Topic<T> topic, String key, T message) {
        requireNonNull(topic, "topic is null");
        requireNonNull(key, "key is null");
        requireNonNull(message, "message is null");
        lock.lock();
        try {
            TopicLog log = logs.computeIfAbsent(topic.name(), name -> new TopicLog());
            log.records.addLast(new QueueRecord<>(topic, key, message, log.nextOffset++, clock.instant()));
            if (log.records.size() > retainedPerTopic) {
                log.records.removeFirst();
                metrics.dropped(topic.name());
            }
            metrics.published(topic.name());
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<QueueRecord<?>> poll(String group, List<Topic<?>> topics, int max, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                List<QueueRecord<?>> batch = new ArrayList<>();
                Map<String, Long> groupPositions = positions.computeIfAbsent(group, g -> new HashMap<>());
                for (Topic<?> topic : topics) {
                    TopicLog log = logs.get(topic.name());
                    if (log == null) {
                        continue;
                    }
                    long from = groupPositions.getOrDefault(topic.name(), 0L);
                    for (QueueRecord<?> record : log.records) {
                        if (batch.size() >= max) {
                            break;
                        }
                        if (record.offset() >= from) {
                            batch.add(record);
                        }
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (!batch.isEmpty() || remaining <= 0) {
                    return batch;
                }
                appended.await(remaining, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void commit(String group, List<QueueRecord<?>> batch) {
        lock.lock();
        try {
            Map<String, Long> groupPositions = positions.computeIfAbsent(group, g -> new HashMap<>());
            for (QueueRecord<?> record : batch) {
                groupPositions.merge(record.topic().name(), record.offset() + 1, Math::max);
                metrics.consumed(group, record.topic().name());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, Long> lag(String group, List<Topic<?>> topics) {
        lock.lock();
        try {
            Map<String, Long> lag = new HashMap<>();
            Map<String, Long> groupPositions = positions.getOrDefault(group, Map.of());
            for (Topic<?> topic : topics) {
                TopicLog log = logs.get(topic.name());
                long end = log == null ? 0 : log.nextOffset;
                lag.put(topic.name(), Math.max(0, end - groupPositions.getOrDefault(topic.name(), 0L)));
            }
            return lag;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // nothing to release: everything is on the heap
    }

    private static final class TopicLog {
        private final Deque<QueueRecord<?>> records = new ArrayDeque<>();
        private long nextOffset;
    }
}
