package io.ctops.core.queue.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link PollSignal}: pollers wake for their own topics only, and for close. */
class PollSignalTest {

    private static final long TEN_SECONDS = TimeUnit.SECONDS.toNanos(10);

    private final PollSignal signal = new PollSignal();
    // own threads: the common pool may have a single one on a small machine, and a test interrupts one
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aSignalOnAnotherTopicNeitherMovesTheVersionNorEndsTheWait() throws Exception {
        List<String> metrics = List.of("metrics.raw");
        long seen = signal.version(metrics);
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> await(metrics, seen, TimeUnit.MILLISECONDS.toNanos(400)), threads);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < until) {
            signal.signal("agent.status");
            Thread.sleep(1);
        }
        assertTrue(waiter.get(10, TimeUnit.SECONDS) <= 0, "the waiter timed out instead of waking for agent.status");
        assertEquals(seen, signal.version(metrics));
    }

    @Test
    void aSignalOnAnyOfItsTopicsWakesAWaiter() throws Exception {
        List<String> topics = List.of("agent.status", "events.raw");
        long seen = signal.version(topics);
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> await(topics, seen, TEN_SECONDS), threads);
        Thread.sleep(100); // parked by now, most likely; if not, it sees the new version before parking
        signal.signal("events.raw");
        long remaining = waiter.get(5, TimeUnit.SECONDS);
        assertTrue(remaining > TEN_SECONDS / 2, "woke " + remaining + " ns before its deadline");
        assertNotEquals(seen, signal.version(topics));
    }

    @Test
    void aSignalBeforeTheWaitIsNotMissed() throws Exception {
        List<String> topics = List.of("metrics.raw");
        long seen = signal.version(topics);
        signal.signal("metrics.raw");
        assertTrue(signal.awaitChange(topics, seen, TEN_SECONDS) > TEN_SECONDS / 2);
    }

    @Test
    void signalAllWakesEveryWaiter() throws Exception {
        long seenA = signal.version(List.of("a"));
        long seenB = signal.version(List.of("b"));
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> await(List.of("a"), seenA, TEN_SECONDS), threads);
        CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> await(List.of("b"), seenB, TEN_SECONDS), threads);
        Thread.sleep(100);
        signal.signalAll();
        assertTrue(a.get(5, TimeUnit.SECONDS) > TEN_SECONDS / 2);
        assertTrue(b.get(5, TimeUnit.SECONDS) > TEN_SECONDS / 2);
    }

    @Test
    void anInterruptedWaiterStops() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        List<String> topics = List.of("metrics.raw");
        long seen = signal.version(topics);
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
            thread.set(Thread.currentThread());
            return await(topics, seen, TEN_SECONDS);
        }, threads);
        while (thread.get() == null) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        thread.get().interrupt();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> waiter.get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getCause() instanceof InterruptedException, failed.toString());
    }

    private long await(List<String> topics, long seen, long nanos) {
        try {
            return signal.awaitChange(topics, seen, nanos);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
