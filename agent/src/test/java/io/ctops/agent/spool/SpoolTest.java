package io.ctops.agent.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private static byte[] record(int i) {
        return ("heartbeat-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<SpoolEntry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void readsBackInAppendOrderUntilAcknowledged() throws Exception {
        try (Spool spool = Spool.open(dir, MIB)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(i, spool.append(record(i)));
            }

            assertEquals(List.of("heartbeat-0", "heartbeat-1", "heartbeat-2"), texts(spool.read(0, 3)));
            assertEquals(List.of("heartbeat-3", "heartbeat-4"), texts(spool.read(3, 10)));

            spool.acknowledge(1);

            assertEquals(List.of("heartbeat-2", "heartbeat-3", "heartbeat-4"), texts(spool.read(0, 10)));
            assertEquals(3, spool.status().records());
            assertEquals(2, spool.head());
        }
    }

    @Test
    void survivesARestartWithWhatWasNotAcknowledged() throws Exception {
        try (Spool spool = Spool.open(dir, MIB)) {
            for (int i = 0; i < 4; i++) {
                spool.append(record(i));
            }
            spool.acknowledge(0);
        }

        try (Spool spool = Spool.open(dir, MIB)) {
            assertEquals(List.of("heartbeat-1", "heartbeat-2", "heartbeat-3"), texts(spool.read(0, 10)));
            assertEquals(4, spool.append(record(4)), "indexes go on");
        }
    }

    @Test
    void acknowledgingEverythingRemovesTheFiles() throws Exception {
        try (Spool spool = Spool.open(dir, MIB)) {
            for (int i = 0; i < 3; i++) {
                spool.append(record(i));
            }
            spool.acknowledge(2);

            assertTrue(spool.isEmpty());
            assertEquals(List.of(), spool.segmentFiles());
            assertEquals(3, spool.append(record(3)));
            assertEquals(List.of("heartbeat-3"), texts(spool.read(0, 10)));
        }
        try (Spool spool = Spool.open(dir, MIB)) {
            assertEquals(List.of("heartbeat-3"), texts(spool.read(0, 10)));
        }
    }

    @Test
    void dropsTheOldestWhenFullAndCountsThem() throws Exception {
        int framed = SpoolFraming.HEADER_BYTES + record(10).length;
        long bound = framed * 10L;
        try (Spool spool = Spool.open(dir, bound)) {
            for (int i = 10; i < 25; i++) {
                spool.append(record(i));
            }

            List<String> kept = texts(spool.read(0, 100));
            assertEquals(IntStream.range(15, 25).mapToObj(i -> "heartbeat-" + i).toList(), kept, "the newest ten");
            SpoolStatus status = spool.status();
            assertEquals(10, status.records());
            assertEquals(5, status.dropped());
            assertTrue(status.bytes() <= bound, status.toString());
        }
        try (Spool spool = Spool.open(dir, bound)) {
            assertEquals(5, spool.status().dropped(), "the drop count is kept");
        }
        assertEquals(5, Spool.inspect(dir, bound).dropped());
    }

    @Test
    void droppingCountsOnlyWhatWasNotAcknowledged() throws Exception {
        int framed = SpoolFraming.HEADER_BYTES + record(10).length;
        try (Spool spool = Spool.open(dir, framed * 4L)) {
            for (int i = 10; i < 14; i++) {
                spool.append(record(i));
            }
            spool.acknowledge(0);
            assertEquals(3, spool.status().records());

            spool.append(record(14));
            spool.append(record(15));

            assertEquals(List.of("heartbeat-12", "heartbeat-13", "heartbeat-14", "heartbeat-15"), texts(spool.read(0, 10)));
            assertEquals(1, spool.status().dropped());
        }
    }

    @Test
    void aTornTailFromACrashIsCutOffAndTheRestKept() throws Exception {
        try (Spool spool = Spool.open(dir, MIB)) {
            for (int i = 0; i < 3; i++) {
                spool.append(record(i));
            }
        }
        Path segment = onlySegment();
        long intact = Files.size(segment);
        // a crash in the middle of the fourth append: header and half the payload
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(intact);
            file.writeInt(100);
            file.writeInt(12345);
            file.write(new byte[40]);
        }

        try (Spool spool = Spool.open(dir, MIB)) {
            assertEquals(List.of("heartbeat-0", "heartbeat-1", "heartbeat-2"), texts(spool.read(0, 10)));
            assertEquals(intact, Files.size(segment), "the torn record is cut off");
            assertEquals(3, spool.append(record(3)));
        }
        try (Spool spool = Spool.open(dir, MIB)) {
            assertEquals(List.of("heartbeat-0", "heartbeat-1", "heartbeat-2", "heartbeat-3"), texts(spool.read(0, 10)));
        }
    }

    @Test
    void aDamagedRecordEndsTheValidPartOfItsSegment() throws Exception {
        try (Spool spool = Spool.open(dir, MIB)) {
            for (int i = 0; i < 3; i++) {
                spool.append(record(i));
            }
        }
        Path segment = onlySegment();
        int second = SpoolFraming.HEADER_BYTES + record(0).length;
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(second + SpoolFraming.HEADER_BYTES + 2);
            file.write('X');
        }

        try (Spool spool = Spool.open(dir, MIB)) {
            assertEquals(List.of("heartbeat-0"), texts(spool.read(0, 10)));
        }
    }

    @Test
    void aCrashBeforeTheAcknowledgedPositionWasWrittenSendsThoseAgain() throws Exception {
        AtomicLong nanos = new AtomicLong();
        Spool spool = Spool.open(dir, MIB, nanos::get);
        for (int i = 0; i < 3; i++) {
            spool.append(record(i));
        }
        spool.acknowledge(0);
        // no close(): the process died within a second of the acknowledgement

        try (Spool reopened = Spool.open(dir, MIB)) {
            assertEquals(List.of("heartbeat-0", "heartbeat-1", "heartbeat-2"), texts(reopened.read(0, 10)),
                    "at least once: nothing acknowledged-but-unwritten is lost, some may repeat");
        }
    }

    @Test
    void inspectLooksWithoutChanging() throws Exception {
        try (Spool spool = Spool.open(dir, MIB)) {
            spool.append(record(0));
            spool.append(record(1));
        }
        Path segment = onlySegment();
        Files.write(segment, new byte[] {0, 0}, java.nio.file.StandardOpenOption.APPEND);
        long size = Files.size(segment);

        SpoolStatus status = Spool.inspect(dir, MIB);

        assertEquals(2, status.records());
        assertEquals(size, Files.size(segment), "inspect never repairs");
        assertEquals(new SpoolStatus(0, 0, MIB, 0), Spool.inspect(dir.resolve("none"), MIB));
    }

    @Test
    void payloadsComeBackByteForByte() throws Exception {
        byte[] binary = new byte[3000];
        new java.util.Random(1).nextBytes(binary);
        try (Spool spool = Spool.open(dir, MIB)) {
            spool.append(binary);
            spool.append(new byte[0]);

            List<SpoolEntry> entries = spool.read(0, 10);
            assertArrayEquals(binary, entries.get(0).payload());
            assertEquals(0, entries.get(1).payload().length);
        }
    }

    @Test
    void rollsSegmentsAndDeletesThoseFullyAcknowledged() throws Exception {
        try (Spool spool = Spool.open(dir, 64L * 100)) {
            assertEquals(100, spool.segmentBytes());
            for (int i = 0; i < 30; i++) {
                spool.append(record(i));
            }
            int segments = spool.segmentFiles().size();
            assertTrue(segments > 3, "segments: " + segments);

            spool.acknowledge(20);

            assertTrue(spool.segmentFiles().size() < segments);
            assertFalse(spool.segmentFiles().stream().anyMatch(p -> p.getFileName().toString().equals(
                    SpoolSegment.fileName(0))));
            assertEquals(List.of("heartbeat-21"), texts(spool.read(0, 1)));
        }
    }

    private Path onlySegment() throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> segments = files.filter(p -> p.toString().endsWith(".seg")).toList();
            assertEquals(1, segments.size(), segments.toString());
            return segments.get(0);
        }
    }
}
