package io.ctops.core.queue.wal;

import static io.ctops.core.queue.wal.WalFixtures.EVENTS;
import static io.ctops.core.queue.wal.WalFixtures.EVENTS_ONLY;
import static io.ctops.core.queue.wal.WalFixtures.OTHER;
import static io.ctops.core.queue.wal.WalFixtures.event;
import static io.ctops.core.queue.wal.WalFixtures.messages;
import static io.ctops.core.queue.wal.WalFixtures.offsets;
import static io.ctops.core.queue.wal.WalFixtures.open;
import static io.ctops.core.queue.wal.WalFixtures.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalQueueTest {

    @TempDir
    Path dir;

    @Test
    void publishPollCommitRoundTrip() throws Exception {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            publish(queue, "h1", "a");
            publish(queue, "h2", "b");
            List<QueueRecord<?>> first = queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO);
            assertEquals(List.of("a", "b"), messages(first));
            assertEquals(List.of(0L, 1L), offsets(first));
            assertEquals("h2", first.get(1).key());
            assertEquals(Map.of("test.events", 2L), queue.lag("g", EVENTS_ONLY));
            assertEquals(messages(first), messages(queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO)),
                    "uncommitted records are delivered again");

            queue.commit("g", first);
            assertTrue(queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO).isEmpty());
            assertEquals(Map.of("test.events", 0L), queue.lag("g", EVENTS_ONLY));
            assertEquals(List.of("a", "b"), messages(queue.poll("other-group", EVENTS_ONLY, 10, Duration.ZERO)));
        }
    }

    @Test
    void batchesAreBoundedAndSpanTopics() throws Exception {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            publish(queue, "h1", "1");
            publish(queue, "h1", "2");
            queue.publish(OTHER, "h1", event("h1", "x"));
            List<Topic<?>> both = List.of(EVENTS, OTHER);
            List<QueueRecord<?>> two = queue.poll("g", both, 2, Duration.ZERO);
            assertEquals(List.of("1", "2"), messages(two));
            queue.commit("g", two);
            List<QueueRecord<?>> rest = queue.poll("g", both, 2, Duration.ZERO);
            assertEquals(1, rest.size());
            assertEquals("test.other", rest.get(0).topic().name());
            assertEquals(0L, rest.get(0).offset(), "offsets are per topic");
        }
    }

    @Test
    void restartReplaysFromCommittedOffsets() throws Exception {
        String oddGroup = "plugin.x/../odd name";
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            for (int i = 0; i < 5; i++) {
                publish(queue, "h1", "m" + i);
            }
            List<QueueRecord<?>> batch = queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO);
            queue.commit("g", batch.subList(0, 3));
            queue.commit(oddGroup, batch.subList(0, 1));
            queue.poll("never-commits", EVENTS_ONLY, 10, Duration.ZERO);
        }
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            assertEquals(List.of("m3", "m4"), messages(queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO)),
                    "uncommitted records come again, committed ones do not");
            assertEquals(Map.of("test.events", 2L), queue.lag("g", EVENTS_ONLY));
            assertEquals(List.of("m1", "m2", "m3", "m4"), messages(queue.poll(oddGroup, EVENTS_ONLY, 10, Duration.ZERO)));
            assertEquals(5, queue.poll("never-commits", EVENTS_ONLY, 10, Duration.ZERO).size());
            publish(queue, "h1", "m5");
            List<QueueRecord<?>> after = queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO);
            assertEquals(List.of(3L, 4L, 5L), offsets(after), "offsets continue after a restart");
        }
        try (var top = Files.list(dir); var groups = Files.list(dir.resolve("groups"))) {
            assertEquals(Set.of(".lock", "groups", "topics"), top.map(f -> f.getFileName().toString()).collect(Collectors.toSet()),
                    "a group name with '/' and '..' stays inside groups/");
            assertEquals(2, groups.count(), "one file per group that committed");
        }
    }

    @Test
    void pollWaitsForAPublish() throws Exception {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            Thread publisher = new Thread(() -> {
                sleep(150);
                publish(queue, "h2", "late");
            });
            publisher.start();
            long start = System.nanoTime();
            List<QueueRecord<?>> batch = queue.poll("g", EVENTS_ONLY, 10, Duration.ofSeconds(10));
            publisher.join();
            assertEquals(List.of("late"), messages(batch));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000, "woken by the publish, not the timeout");
        }
    }

    @Test
    void pollReturnsEmptyAfterItsWait() throws Exception {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            long start = System.nanoTime();
            assertTrue(queue.poll("g", EVENTS_ONLY, 10, Duration.ofMillis(100)).isEmpty());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 90);
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsAreRefused() {
        WalQueue queue = open(dir, WalSettings.defaults());
        publish(queue, "h1", "a");
        queue.close();
        queue.close();
        assertThrows(QueueException.class, () -> publish(queue, "h1", "b"));
        assertThrows(QueueException.class, () -> queue.poll("g", EVENTS_ONLY, 1, Duration.ZERO));
    }

    @Test
    void aSecondQueueOnTheSameDirectoryIsRefused() {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            QueueException refused = assertThrows(QueueException.class, () -> open(dir, WalSettings.defaults()));
            assertTrue(refused.getMessage().contains("already open"), refused.getMessage());
        }
        open(dir, WalSettings.defaults()).close(); // released by close
    }

    @Test
    void alwaysPolicySyncsBeforePublishReturns() {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            publish(queue, "h1", "a");
            assertEquals(Map.of("test.events", 1L), queue.walMetrics().fsyncsByTopic());
            publish(queue, "h1", "b");
            assertEquals(Map.of("test.events", 2L), queue.walMetrics().fsyncsByTopic(), "a lone publisher syncs every record");
        }
    }

    @Test
    void intervalPolicyMakesRecordsVisibleAtOnceAndSyncsInTheBackground() throws Exception {
        WalSettings settings = WalSettings.defaults().withFsync(FsyncPolicy.INTERVAL).withFsyncInterval(Duration.ofMillis(20));
        try (WalQueue queue = open(dir, settings)) {
            publish(queue, "h1", "a");
            assertEquals(List.of("a"), messages(queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (queue.walMetrics().fsyncsByTopic().getOrDefault("test.events", 0L) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1L, queue.walMetrics().fsyncsByTopic().get("test.events"), "one background fsync, none per publish");
        }
    }

    @Test
    void neverPolicyDoesNotSyncUntilClose() throws Exception {
        WalSettings settings = WalSettings.defaults().withFsync(FsyncPolicy.NEVER);
        WalQueue queue = open(dir, settings);
        for (int i = 0; i < 10; i++) {
            publish(queue, "h1", "m" + i);
        }
        assertEquals(10, queue.poll("g", EVENTS_ONLY, 100, Duration.ZERO).size());
        assertEquals(Map.of(), queue.walMetrics().fsyncsByTopic());
        queue.close();
        assertEquals(Map.of("test.events", 1L), queue.walMetrics().fsyncsByTopic(), "close flushes");
    }

    @Test
    void aRecordTooLargeIsRefused() {
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            String huge = "x".repeat(RecordCodec.MAX_BODY_BYTES);
            assertThrows(QueueException.class, () -> publish(queue, "h1", huge));
            publish(queue, "h1", "small"); // and the log is still usable
        }
    }

    @Test
    void defaultsAreThoseOfTheIssue() {
        WalSettings defaults = WalSettings.defaults();
        assertEquals(64L << 20, defaults.segmentBytes());
        assertEquals(FsyncPolicy.ALWAYS, defaults.fsync());
        assertEquals(1L << 30, defaults.retentionBytes());
        assertEquals(Duration.ofDays(7), defaults.retentionAge());
        assertThrows(IllegalArgumentException.class, () -> defaults.withSegmentBytes(0));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
