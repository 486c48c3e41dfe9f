package io.ctops.core.queue.wal;

import io.ctops.core.testing.SettableClock;
import static io.ctops.core.queue.wal.WalFixtures.EVENTS;
import static io.ctops.core.queue.wal.WalFixtures.EVENTS_ONLY;
import static io.ctops.core.queue.wal.WalFixtures.drain;
import static io.ctops.core.queue.wal.WalFixtures.firstOffset;
import static io.ctops.core.queue.wal.WalFixtures.offsets;
import static io.ctops.core.queue.wal.WalFixtures.publish;
import static io.ctops.core.queue.wal.WalFixtures.segmentFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.queue.QueueMetrics;
import io.ctops.sdk.queue.QueueRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalRetentionTest {

    private static final WalSettings SMALL_SEGMENTS = WalSettings.defaults().withSegmentBytes(512);

    @TempDir
    Path dir;

    private final QueueMetrics metrics = new QueueMetrics();
    private final SettableClock clock = SettableClock.startingNow();

    @Test
    void segmentsEveryGroupHasPassedAreDeleted() throws Exception {
        try (WalQueue queue = new WalQueue(dir, SMALL_SEGMENTS, metrics, clock)) {
            publishMany(queue, 50);
            int before = segmentFiles(dir, EVENTS).size();
            drain(queue, "fast", EVENTS_ONLY);
            List<QueueRecord<?>> slowBatch = queue.poll("slow", EVENTS_ONLY, 15, Duration.ZERO);
            queue.commit("slow", slowBatch);

            queue.enforceRetention();
            List<Path> left = segmentFiles(dir, EVENTS);
            assertTrue(left.size() < before, "some segments went: " + before + " -> " + left.size());
            assertTrue(firstOffset(left.get(0)) <= 15, "nothing the slow group still needs was deleted");
            assertTrue(firstOffset(left.get(1)) > 15, "everything below the slow group was deleted");
            assertEquals(Map.of(), metrics.droppedByTopic(), "nothing was lost");
            assertEquals(LongStream.range(15, 50).boxed().toList(), offsets(drain(queue, "slow", EVENTS_ONLY)));

            queue.enforceRetention();
            assertEquals(1, segmentFiles(dir, EVENTS).size(), "once both groups are done only the active segment is left");
            publish(queue, "h1", "still-works");
            assertEquals(List.of(50L), offsets(queue.poll("fast", EVENTS_ONLY, 10, Duration.ZERO)));
        }
    }

    @Test
    void aGroupThatPolledButNeverCommittedHoldsSegmentsBack() throws Exception {
        try (WalQueue queue = new WalQueue(dir, SMALL_SEGMENTS, metrics, clock)) {
            publishMany(queue, 30);
            int before = segmentFiles(dir, EVENTS).size();
            queue.poll("stuck", EVENTS_ONLY, 5, Duration.ZERO);
            drain(queue, "fast", EVENTS_ONLY);
            queue.enforceRetention();
            assertEquals(before, segmentFiles(dir, EVENTS).size());
        }
    }

    @Test
    void withoutAnyConsumerGroupSegmentsAreKeptWithinTheLimits() throws Exception {
        try (WalQueue queue = new WalQueue(dir, SMALL_SEGMENTS, metrics, clock)) {
            publishMany(queue, 30);
            int before = segmentFiles(dir, EVENTS).size();
            queue.enforceRetention();
            assertEquals(before, segmentFiles(dir, EVENTS).size(), "records wait for the first consumer");
        }
    }

    @Test
    void theByteLimitForcesDeletionAndCountsTheDroppedRecords() throws Exception {
        WalSettings tight = SMALL_SEGMENTS.withRetentionBytes(1200);
        try (WalQueue queue = new WalQueue(dir, tight, metrics, clock)) {
            publishMany(queue, 50);
            queue.commit("lagging", queue.poll("lagging", EVENTS_ONLY, 3, Duration.ZERO));

            queue.enforceRetention();
            List<Path> left = segmentFiles(dir, EVENTS);
            long total = 0;
            for (Path file : left) {
                total += java.nio.file.Files.size(file);
            }
            assertTrue(total <= 1200, "within the byte limit: " + total);
            long firstKept = firstOffset(left.get(0));
            assertEquals(Map.of("test.events", firstKept - 3), metrics.droppedByTopic(),
                    "records the lagging group had not committed are counted as dropped");
            assertEquals(LongStream.range(firstKept, 50).boxed().toList(), offsets(drain(queue, "lagging", EVENTS_ONLY)),
                    "the group resumes at the oldest record kept");
        }
    }

    @Test
    void theAgeLimitForcesDeletionOfOldSegments() throws Exception {
        try (WalQueue queue = new WalQueue(dir, SMALL_SEGMENTS, metrics, clock)) {
            publishMany(queue, 30);
            int before = segmentFiles(dir, EVENTS).size();
            queue.enforceRetention();
            assertEquals(before, segmentFiles(dir, EVENTS).size(), "young segments stay");

            clock.advance(Duration.ofDays(8));
            queue.enforceRetention();
            assertEquals(1, segmentFiles(dir, EVENTS).size(), "only the active segment survives its age");
            long firstKept = firstOffset(segmentFiles(dir, EVENTS).get(0));
            assertEquals(Map.of("test.events", firstKept), metrics.droppedByTopic());
        }
    }

    private static void publishMany(WalQueue queue, int count) {
        for (int i = 0; i < count; i++) {
            publish(queue, "h1", "message-" + i);
        }
    }
}
