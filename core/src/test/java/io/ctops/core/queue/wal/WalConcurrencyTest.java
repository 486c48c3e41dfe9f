package io.ctops.core.queue.wal;

import static io.ctops.core.queue.wal.WalFixtures.EVENTS;
import static io.ctops.core.queue.wal.WalFixtures.EVENTS_ONLY;
import static io.ctops.core.queue.wal.WalFixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.queue.QueueMetrics;
import io.ctops.sdk.queue.QueueRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class WalConcurrencyTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 10_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void concurrentPublishersWithFsyncAlwaysLoseNothingAndKeepPerKeyOrder() throws Exception {
        WalSettings settings = WalSettings.defaults().withSegmentBytes(256 * 1024); // several rolls under load
        QueueMetrics metrics = new QueueMetrics();
        List<QueueRecord<?>> consumedLive = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (WalQueue queue = new WalQueue(dir, settings, metrics, java.time.Clock.systemUTC())) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> publishers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String key = "k" + t;
                Thread publisher = new Thread(() -> {
                    try {
                        start.await();
                        for (int seq = 0; seq < PER_THREAD; seq++) {
                            queue.publish(EVENTS, key, event(key, Integer.toString(seq)));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                publisher.start();
                publishers.add(publisher);
            }
            // a consumer reading while the log grows and rolls
            Thread consumer = new Thread(() -> {
                try {
                    long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
                    while (consumedLive.size() < THREADS * PER_THREAD && System.nanoTime() < deadline) {
                        List<QueueRecord<?>> batch = queue.poll("live", EVENTS_ONLY, 500, Duration.ofMillis(200));
                        consumedLive.addAll(batch);
                        queue.commit("live", batch);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            consumer.start();
            long began = System.nanoTime();
            start.countDown();
            for (Thread publisher : publishers) {
                publisher.join();
            }
            long publishMillis = (System.nanoTime() - began) / 1_000_000;
            consumer.join();
            assertEquals(List.of(), failures);

            long fsyncs = queue.walMetrics().fsyncsByTopic().get(EVENTS.name());
            System.out.printf("%d records from %d threads with fsync ALWAYS in %d ms, %d fsyncs%n",
                    THREADS * PER_THREAD, THREADS, publishMillis, fsyncs);
            assertTrue(fsyncs < THREADS * PER_THREAD, "concurrent publishers share fsyncs: " + fsyncs);
        }
        assertExactlyOnceInKeyOrder(consumedLive);
        try (WalQueue reopened = new WalQueue(dir, settings, new QueueMetrics(), java.time.Clock.systemUTC())) {
            assertExactlyOnceInKeyOrder(WalFixtures.drain(reopened, "after-restart", EVENTS_ONLY));
            assertEquals(Map.of(), reopened.walMetrics().corruptRecordsByTopic());
            assertEquals(Map.of(), reopened.walMetrics().tornTailsByTopic());
        }
    }

    private static void assertExactlyOnceInKeyOrder(List<QueueRecord<?>> records) {
        assertEquals(LongStream.range(0, THREADS * PER_THREAD).boxed().toList(), WalFixtures.offsets(records),
                "every offset exactly once, in order");
        Map<String, Integer> nextSeq = new HashMap<>();
        for (QueueRecord<?> record : records) {
            int seq = Integer.parseInt(record.payloadOf(EVENTS).getMessage());
            assertEquals(record.key(), record.payloadOf(EVENTS).getHostId());
            assertEquals(nextSeq.getOrDefault(record.key(), 0), seq, "order of key " + record.key());
            nextSeq.put(record.key(), seq + 1);
        }
        assertEquals(THREADS, nextSeq.size());
        nextSeq.values().forEach(n -> assertEquals(PER_THREAD, n));
    }
}
