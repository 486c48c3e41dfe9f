package io.ctops.core.queue.wal;

import static io.ctops.core.queue.wal.WalFixtures.EVENTS;
import static io.ctops.core.queue.wal.WalFixtures.EVENTS_ONLY;
import static io.ctops.core.queue.wal.WalFixtures.drain;
import static io.ctops.core.queue.wal.WalFixtures.event;
import static io.ctops.core.queue.wal.WalFixtures.messages;
import static io.ctops.core.queue.wal.WalFixtures.open;
import static io.ctops.core.queue.wal.WalFixtures.topicDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.QueueRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WalQueue#publishAsync}: order, durability before completion, failures, concurrent producers. */
class WalPublishAsyncTest {

    @TempDir
    Path dir;

    @Test
    void futuresCompleteInPublishingOrderAndRecordsKeepIt() throws Exception {
        try (WalQueue queue = open(dir, WalSettings.defaults().withFsync(FsyncPolicy.NEVER))) {
            List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                int n = i;
                futures.add(queue.publishAsync(EVENTS, "h" + (i % 7), event("h", Integer.toString(i)))
                        .thenRun(() -> completed.add(n)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(IntStream.range(0, 5000).boxed().toList(), completed);
            assertEquals(IntStream.range(0, 5000).mapToObj(Integer::toString).toList(), messages(drain(queue, "g", EVENTS_ONLY)));
        }
    }

    @Test
    void underFsyncAlwaysAFutureCompletesOnlyAfterAnFsyncCoveringIt() throws Exception {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            List<Long> fsyncsSeen = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                futures.add(queue.publishAsync(EVENTS, "h", event("h", Integer.toString(i))).thenRun(() ->
                        fsyncsSeen.add(queue.walMetrics().fsyncsByTopic().getOrDefault(EVENTS.name(), 0L))));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertTrue(fsyncsSeen.stream().allMatch(n -> n >= 1), "no future completed before the first fsync");
            long fsyncs = queue.walMetrics().fsyncsByTopic().get(EVENTS.name());
            assertTrue(fsyncs < 2000 / 2, "one producer shares fsyncs among its records, but it took " + fsyncs);
            // visible to consumers only once synced, so everything acknowledged can be read
            assertEquals(2000, drain(queue, "g", EVENTS_ONLY).size());
        }
    }

    @Test
    void acknowledgedRecordsSurviveARestart() throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        WalQueue queue = open(dir, WalSettings.defaults());
        for (int i = 0; i < 300; i++) {
            futures.add(queue.publishAsync(EVENTS, "h", event("h", Integer.toString(i))));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        queue.close();
        try (WalQueue reopened = open(dir, WalSettings.defaults())) {
            assertEquals(300, drain(reopened, "g", EVENTS_ONLY).size());
        }
    }

    @Test
    void closeCompletesWhatIsPendingAndLaterPublishesFail() throws Exception {
        WalQueue queue = open(dir, WalSettings.defaults());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(queue.publishAsync(EVENTS, "h", event("h", Integer.toString(i))));
        }
        queue.close();
        for (CompletableFuture<Void> future : futures) {
            assertTrue(future.isDone() && !future.isCompletedExceptionally(), "published before close: completes normally");
        }
        CompletableFuture<Void> late = queue.publishAsync(EVENTS, "h", event("h", "late"));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
        assertInstanceOf(QueueException.class, refused.getCause());
    }

    @Test
    void aRecordTooLargeFailsItsFutureAlone() throws Exception {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            CompletableFuture<Void> before = queue.publishAsync(EVENTS, "h", event("h", "before"));
            CompletableFuture<Void> huge = queue.publishAsync(EVENTS, "h", event("h", "x".repeat(RecordCodec.MAX_BODY_BYTES)));
            CompletableFuture<Void> after = queue.publishAsync(EVENTS, "h", event("h", "after"));
            CompletionException failure = assertThrows(CompletionException.class, huge::join);
            assertInstanceOf(QueueException.class, failure.getCause());
            after.get(30, TimeUnit.SECONDS);
            assertTrue(before.isDone() && !before.isCompletedExceptionally());
            assertEquals(List.of("before", "after"), messages(drain(queue, "g", EVENTS_ONLY)));
        }
    }

    @Test
    void aLogThatFailedFailsTheRecordsAfterTheFailureInOrder() throws Exception {
        int frame = frameBytes();
        try (WalQueue queue = open(dir, WalSettings.defaults().withSegmentBytes(3L * frame))) {
            queue.publishAsync(EVENTS, "h", event("h", "0")).get(30, TimeUnit.SECONDS);
            // the next segment's file is in the way (non-empty): rolling to it fails, and the log with it
            Files.writeString(topicDir(dir, EVENTS).resolve(Segment.fileName(3)), "in the way");
            List<String> outcomes = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                int n = i;
                futures.add(queue.publishAsync(EVENTS, "h", event("h", Integer.toString(i)))
                        .whenComplete((ok, e) -> outcomes.add(n + (e == null ? " ok" : " failed"))));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((ok, e) -> null).get(30, TimeUnit.SECONDS);
            assertEquals(List.of("1 ok", "2 ok", "3 failed", "4 failed", "5 failed"), outcomes);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> futures.get(2).get());
            assertInstanceOf(QueueException.class, refused.getCause());
            assertThrows(QueueException.class, () -> queue.publish(EVENTS, "h", event("h", "sync")), "a synchronous publish fails too");
            assertEquals(List.of("0", "1", "2"), messages(drain(queue, "g", EVENTS_ONLY)));
        }
    }

    @Test
    void concurrentProducersAndASynchronousOneKeepEachKeysOrder() throws Exception {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            int producers = 4;
            int each = 2000;
            List<Thread> threads = new ArrayList<>();
            List<CompletableFuture<Void>> futures = new CopyOnWriteArrayList<>();
            for (int p = 0; p < producers; p++) {
                String key = "host-" + p;
                threads.add(started(() -> {
                    for (int i = 0; i < each; i++) {
                        futures.add(queue.publishAsync(EVENTS, key, event(key, Integer.toString(i))));
                    }
                }));
            }
            Thread synchronous = started(() -> {
                for (int i = 0; i < 50; i++) {
                    queue.publish(EVENTS, "sync", event("sync", Integer.toString(i)));
                }
            });
            for (Thread thread : threads) {
                thread.join();
            }
            synchronous.join();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            List<QueueRecord<?>> all = drain(queue, "g", EVENTS_ONLY);
            assertEquals(producers * each + 50, all.size());
            Map<String, List<Integer>> byKey = all.stream().collect(Collectors.groupingBy(QueueRecord::key,
                    Collectors.mapping(r -> Integer.parseInt(r.payloadOf(EVENTS).getMessage()), Collectors.toList())));
            for (int p = 0; p < producers; p++) {
                assertEquals(IntStream.range(0, each).boxed().toList(), byKey.get("host-" + p));
            }
            assertEquals(IntStream.range(0, 50).boxed().toList(), byKey.get("sync"));
        }
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    /** The size of one frame of the records the failure test publishes (all the same size). */
    private int frameBytes() throws Exception {
        Path elsewhere = Files.createTempDirectory(dir, "measure");
        try (WalQueue queue = open(elsewhere, WalSettings.defaults())) {
            queue.publish(EVENTS, "h", event("h", "0"));
        }
        return (int) Files.size(WalFixtures.segmentFiles(elsewhere, EVENTS).get(0));
    }
}
