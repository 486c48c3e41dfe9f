package io.ctops.core.queue.wal;

import static io.ctops.core.queue.wal.WalFixtures.EVENTS;
import static io.ctops.core.queue.wal.WalFixtures.EVENTS_ONLY;
import static io.ctops.core.queue.wal.WalFixtures.drain;
import static io.ctops.core.queue.wal.WalFixtures.firstOffset;
import static io.ctops.core.queue.wal.WalFixtures.offsets;
import static io.ctops.core.queue.wal.WalFixtures.open;
import static io.ctops.core.queue.wal.WalFixtures.publish;
import static io.ctops.core.queue.wal.WalFixtures.segmentFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.sdk.queue.QueueRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalSegmentTest {

    private static final WalSettings SMALL_SEGMENTS = WalSettings.defaults().withSegmentBytes(1024);

    @TempDir
    Path dir;

    @Test
    void segmentsRollAtTheSizeLimitAndOffsetsContinue() throws Exception {
        try (WalQueue queue = open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 60; i++) {
                publish(queue, "h" + (i % 3), "message-" + i);
            }
            assertEquals(LongStream.range(0, 60).boxed().toList(), offsets(drain(queue, "g", EVENTS_ONLY)));
        }
        List<Path> files = segmentFiles(dir, EVENTS);
        assertTrue(files.size() >= 4, "60 records of ~50 bytes need several 1 KiB segments, got " + files.size());
        for (Path file : files) {
            long named = Long.parseLong(file.getFileName().toString().replace(".log", ""));
            assertEquals(20 + ".log".length(), file.getFileName().toString().length(), "zero-padded name");
            assertEquals(named, firstOffset(file), "a segment is named after its first offset");
            assertTrue(Files.size(file) <= 1024, file + " stays within the limit");
        }

        try (WalQueue queue = open(dir, SMALL_SEGMENTS)) {
            publish(queue, "h0", "after-restart");
            List<QueueRecord<?>> next = queue.poll("g", EVENTS_ONLY, 10, Duration.ZERO);
            assertEquals(List.of(60L), offsets(next), "offsets continue across segments and restarts");
            assertEquals(List.of("after-restart"), WalFixtures.messages(next));
        }
    }

    @Test
    void aRestartedReaderFindsAnyOffsetInOlderSegments() throws Exception {
        try (WalQueue queue = open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 100; i++) {
                publish(queue, "h1", "message-" + i);
            }
            List<QueueRecord<?>> first37 = queue.poll("g", EVENTS_ONLY, 37, Duration.ZERO);
            queue.commit("g", first37);
        }
        try (WalQueue queue = open(dir, SMALL_SEGMENTS)) {
            List<QueueRecord<?>> batch = queue.poll("g", EVENTS_ONLY, 5, Duration.ZERO);
            assertEquals(List.of(37L, 38L, 39L, 40L, 41L), offsets(batch));
            assertEquals(LongStream.range(37, 100).boxed().toList(), offsets(drain(queue, "g", EVENTS_ONLY)));
        }
    }
}
