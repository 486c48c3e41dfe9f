package io.ctops.core.queue.wal;

import static io.ctops.core.queue.wal.WalFixtures.EVENTS;
import static io.ctops.core.queue.wal.WalFixtures.EVENTS_ONLY;
import static io.ctops.core.queue.wal.WalFixtures.drain;
import static io.ctops.core.queue.wal.WalFixtures.flipByte;
import static io.ctops.core.queue.wal.WalFixtures.framePositions;
import static io.ctops.core.queue.wal.WalFixtures.messages;
import static io.ctops.core.queue.wal.WalFixtures.offsets;
import static io.ctops.core.queue.wal.WalFixtures.open;
import static io.ctops.core.queue.wal.WalFixtures.publish;
import static io.ctops.core.queue.wal.WalFixtures.segmentFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ctops.sdk.queue.QueueRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aTornTailIsCutOffOnReopenAndEarlierRecordsSurvive() throws Exception {
        publishMessages(10, WalSettings.defaults());
        Path segment = segmentFiles(dir, EVENTS).get(0);
        long lastFrame = framePositions(segment).get(9);
        long intactSize = Files.size(segment);
        // a crash mid-write: the last record only partly on disk, followed by whatever the disk held
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.truncate(intactSize - 7);
            file.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}), intactSize - 7);
        }

        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            assertEquals(lastFrame, Files.size(segment), "cut back to the end of the last intact record");
            assertEquals(Map.of("test.events", 1L), queue.walMetrics().tornTailsByTopic());
            assertEquals(Map.of(), queue.walMetrics().corruptRecordsByTopic(), "a torn tail is not corruption");
            List<QueueRecord<?>> survivors = queue.poll("g", EVENTS_ONLY, 100, Duration.ZERO);
            assertEquals(LongStream.range(0, 9).boxed().toList(), offsets(survivors));
            assertEquals("m8", messages(survivors).get(8));

            publish(queue, "h1", "new");
            List<QueueRecord<?>> all = queue.poll("g", EVENTS_ONLY, 100, Duration.ZERO);
            assertEquals(9L, all.get(9).offset(), "the torn record's offset is reused: it was never acknowledged");
            assertEquals("new", messages(all).get(9));
        }
        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            assertEquals(Map.of(), queue.walMetrics().tornTailsByTopic(), "the repair was durable");
            assertEquals(10, queue.poll("g", EVENTS_ONLY, 100, Duration.ZERO).size());
        }
    }

    @Test
    void aFlippedByteInTheMiddleOfTheLastSegmentIsSkippedAndCounted() throws Exception {
        publishMessages(10, WalSettings.defaults());
        Path segment = segmentFiles(dir, EVENTS).get(0);
        // the last byte of record 4, inside its payload: only the CRC can tell
        flipByte(segment, framePositions(segment).get(5) - 1);

        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            List<QueueRecord<?>> delivered = drain(queue, "g", EVENTS_ONLY);
            assertEquals(List.of(0L, 1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L), offsets(delivered), "only the damaged record is missing");
            assertFalse(messages(delivered).contains("m4"));
            assertEquals(Map.of("test.events", 1L), queue.walMetrics().corruptRecordsByTopic(), "counted once, not per read");
            assertEquals(Map.of(), queue.walMetrics().tornTailsByTopic());
            publish(queue, "h1", "m10");
            assertEquals(List.of(10L), offsets(queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO)));
        }
    }

    @Test
    void aDamagedRecordInAnOlderSegmentIsSkippedWhenReached() throws Exception {
        WalSettings small = WalSettings.defaults().withSegmentBytes(512);
        publishMessages(40, small);
        List<Path> segments = segmentFiles(dir, EVENTS);
        Path older = segments.get(1);
        long firstOfOlder = WalFixtures.firstOffset(older);
        flipByte(older, framePositions(older).get(1) + RecordCodec.HEADER_BYTES + 2); // inside the offset field

        try (WalQueue queue = open(dir, small)) {
            assertEquals(Map.of(), queue.walMetrics().corruptRecordsByTopic(), "older segments are checked when read, not on open");
            List<Long> delivered = offsets(drain(queue, "g", EVENTS_ONLY));
            List<Long> expected = new ArrayList<>(LongStream.range(0, 40).boxed().toList());
            expected.remove(Long.valueOf(firstOfOlder + 1));
            assertEquals(expected, delivered);
            assertEquals(Map.of("test.events", 1L), queue.walMetrics().corruptRecordsByTopic());
        }
    }

    @Test
    void aDamagedLengthFieldIsResynchronisedPast() throws Exception {
        publishMessages(10, WalSettings.defaults());
        Path segment = segmentFiles(dir, EVENTS).get(0);
        flipByte(segment, framePositions(segment).get(3)); // the high byte of record 3's length: a huge length

        try (WalQueue queue = open(dir, WalSettings.defaults())) {
            assertEquals(List.of(0L, 1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L), offsets(drain(queue, "g", EVENTS_ONLY)));
            assertEquals(Map.of("test.events", 1L), queue.walMetrics().corruptRecordsByTopic());
        }
    }

    @Test
    void offsetsNeverFallBelowWhatAGroupCommittedEvenIfACrashLostTheRecords() throws Exception {
        WalSettings never = WalSettings.defaults().withFsync(FsyncPolicy.NEVER);
        try (WalQueue queue = open(dir, never)) {
            for (int i = 0; i < 5; i++) {
                publish(queue, "h1", "m" + i);
            }
            queue.commit("g", queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO));
        }
        // what fsync NEVER allows after a machine crash: the records are gone, the committed offsets are not
        Path segment = segmentFiles(dir, EVENTS).get(0);
        Files.write(segment, new byte[0]);

        try (WalQueue queue = open(dir, never)) {
            publish(queue, "h1", "after");
            List<QueueRecord<?>> next = queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO);
            assertEquals(List.of("after"), messages(next), "the group still sees new records");
            assertEquals(List.of(5L), offsets(next));
        }
    }

    private void publishMessages(int count, WalSettings settings) throws IOException {
        try (WalQueue queue = open(dir, settings)) {
            for (int i = 0; i < count; i++) {
                publish(queue, "h1", "m" + i);
            }
        }
    }
}
