package io.ctops.core.queue.wal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes waiting pollers when records become visible on a topic they read. Each topic has a version
 * number, so a poller reads without any lock and waits only if none of its topics changed since; a
 * publisher wakes only the pollers of its own topic (a consumer of {@code agent.status} does not wake,
 * read and sleep again for every heartbeat's {@code metrics.raw} record), and none when nobody waits.
 */
final class PollSignal {

    /** One topic's version and the threads waiting for it to move. */
    private static final class TopicSignal {
        final AtomicLong version = new AtomicLong();
        final Set<Thread> waiters = ConcurrentHashMap.newKeySet();
    }

    private final Map<String, TopicSignal> topics = new ConcurrentHashMap<>();
    /** Moves for every topic at once (the queue closed). */
    private final TopicSignal all = new TopicSignal();

    /** The version of these topics to pass to {@link #awaitChange} after reading them found nothing. */
    long version(List<String> topicNames) {
        long sum = all.version.get();
        for (String topic : topicNames) {
            sum += signalOf(topic).version.get(); // versions only grow: the sum moves when any of them does
        }
        return sum;
    }

    /** Records became visible on the topic. */
    void signal(String topic) {
        wake(signalOf(topic));
    }

    /** Every poller wakes (the queue closed). */
    void signalAll() {
        wake(all);
    }

    private static void wake(TopicSignal signal) {
        // A waiter registers before re-checking the version and we bump the version before looking for
        // waiters, so either it sees the new version or we see it waiting.
        signal.version.incrementAndGet();
        for (Thread waiter : signal.waiters) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Waits until the version of the topics moves past {@code seen}, at most {@code nanos}; returns the
     * time left.
     */
    long awaitChange(List<String> topicNames, long seen, long nanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        List<TopicSignal> signals = topicNames.stream().map(this::signalOf).toList();
        all.waiters.add(me);
        signals.forEach(s -> s.waiters.add(me));
        try {
            long deadline = System.nanoTime() + nanos;
            long remaining = nanos;
            while (version(topicNames) == seen && remaining > 0) {
                LockSupport.parkNanos(this, remaining);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                remaining = deadline - System.nanoTime();
            }
            return remaining;
        } finally {
            signals.forEach(s -> s.waiters.remove(me));
            all.waiters.remove(me);
        }
    }

    private TopicSignal signalOf(String topic) {
        TopicSignal signal = topics.get(topic);
        return signal != null ? signal : topics.computeIfAbsent(topic, t -> new TopicSignal());
    }
}
