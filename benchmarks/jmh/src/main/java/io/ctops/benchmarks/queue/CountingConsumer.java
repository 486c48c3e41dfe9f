package io.ctops.benchmarks.queue;

import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.spi.QueueBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one consumer of a benchmark: a thread that polls and commits batches as the server's consumer
 * runtime does (500 records at most, its default), counting what it consumed.
 */
final class CountingConsumer implements AutoCloseable {

    static final int MAX_BATCH = 500;

    private final QueueBackend queue;
    private final String group;
    private final List<Topic<?>> topics;
    private final AtomicLong consumed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    CountingConsumer(QueueBackend queue, String group, Topic<?> topic) {
        this.queue = queue;
        this.group = group;
        this.topics = List.of(topic);
        this.thread = new Thread(this::run, "bench-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                List<QueueRecord<?>> batch = queue.poll(group, topics, MAX_BATCH, Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    queue.commit(group, batch);
                    consumed.addAndGet(batch.size());
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    long consumed() {
        return consumed.get();
    }

    /**
     * Returns once at least {@code target} records were consumed: the producer calls it so that it never
     * runs further ahead of the consumer than a fixed window, and the measured rate is that of both.
     */
    void awaitConsumed(long target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumed.get() < target) {
            Throwable failed = failure;
            if (failed != null) {
                throw new IllegalStateException("the consumer failed", failed);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer is stuck at " + consumed.get() + " of " + target + " records");
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
