package io.ctops.agent.spool;

import io.ctops.agent.testing.SmallTmpfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spool on a real file system that runs out of space long before the spool's own bound. */
class SpoolDiskFullTest {

    private static final long BOUND = 64L * 1024 * 1024;
    private static final int RECORD = 1000;

    @TempDir
    Path temp;

    private SmallTmpfs disk;

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    private static byte[] record(long i) {
        byte[] payload = new byte[RECORD];
        Arrays.fill(payload, (byte) 'x');
        byte[] label = ("heartbeat-" + i + ";").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, payload, 0, label.length);
        return payload;
    }

    private static long labelOf(SpoolEntry entry) {
        String text = new String(entry.payload(), StandardCharsets.UTF_8);
        return Long.parseLong(text.substring("heartbeat-".length(), text.indexOf(';')));
    }

    @Test
    void aFullDiskDropsTheOldestCountsThemAndKeepsTakingNewRecords() throws Exception {
        disk = SmallTmpfs.mount(temp.resolve("disk"), "256k");
        Path dir = disk.dir().resolve("spool");
        int appended = 1000; // about 1 MB into 256 KiB
        try (Spool spool = Spool.open(dir, BOUND)) {
            for (long i = 0; i < appended; i++) {
                assertEquals(i, spool.append(record(i)), "every append succeeds, the disk being full or not");
            }
            SpoolStatus status = spool.status();
            assertTrue(status.dropped() > 0, status.toString());
            assertEquals(appended, status.records() + status.dropped(), "each record is kept or counted: " + status);
            assertTrue(status.records() >= 100, "after the first drop segments shrink, so a drop loses few: " + status);

            List<SpoolEntry> kept = spool.read(0, appended);
            List<Long> labels = kept.stream().map(SpoolDiskFullTest::labelOf).toList();
            assertEquals(LongStream.range(appended - kept.size(), appended).boxed().toList(), labels,
                    "the newest are kept, in order, intact");
            assertEquals(appended - kept.size(), spool.head());
        }
        try (Spool reopened = Spool.open(dir, BOUND)) {
            SpoolStatus status = reopened.status();
            assertEquals(appended, status.records() + status.dropped(), "the count is on disk too: " + status);
            assertEquals(appended - 1, labelOf(reopened.read(0, appended).get((int) status.records() - 1)));
        }
    }

    @Test
    void withNothingLeftToDropOnlyTheNewRecordIsLostAndCountedThenItGoesOn() throws Exception {
        disk = SmallTmpfs.mount(temp.resolve("disk"), "256k");
        Path dir = disk.dir().resolve("spool");
        try (Spool spool = Spool.open(dir, BOUND)) {
            Path filler = fill(disk.dir().resolve("filler"));

            IOException full = assertThrows(IOException.class, () -> spool.append(record(0)));

            assertTrue(DiskFull.is(full), full.toString());
            assertEquals(1, spool.status().dropped());
            assertEquals(0, spool.status().records());
            Files.delete(filler);
            assertEquals(0, spool.append(record(1)), "the lost record took no index");
            assertEquals(List.of(1L), spool.read(0, 10).stream().map(SpoolDiskFullTest::labelOf).toList());
        }
    }

    /** Writes until the file system is full. */
    private static Path fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            assertTrue(DiskFull.is(e), e.toString());
        }
        return file;
    }

    @Test
    void onlyWantOfSpaceCountsAsAFullDisk() {
        assertTrue(DiskFull.is(new IOException("No space left on device")));
        assertTrue(DiskFull.is(new IOException("File too large")));
        assertTrue(DiskFull.is(new java.nio.file.FileSystemException("/x/spool/1.seg: Disk quota exceeded")));
        assertTrue(!DiskFull.is(new IOException("Permission denied")));
        assertTrue(!DiskFull.is(new java.nio.file.AccessDeniedException("/x")));
        assertTrue(!DiskFull.is(new IOException("Read-only file system")));
    }
}
