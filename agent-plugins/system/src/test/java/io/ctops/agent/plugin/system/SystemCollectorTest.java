package io.ctops.agent.plugin.system;

import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.agent.AgentPluginContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemCollectorTest {

    private static final long GIB = 1024L * 1024 * 1024;
    // 70 GiB used, 25 GiB usable, 5 GiB reserved for root: df says 70 / 95 = 73.68%
    private static final RootDisk SEVENTY_OF_HUNDRED_GIB = () -> new DiskSpace(100 * GIB, 30 * GIB, 25 * GIB);

    @TempDir
    Path tempDir;

    private SystemCollector collector(Path hostRoot, RootDisk disk) {
        return new SystemCollector(AgentPluginContext.of("system", tempDir.resolve("data"), hostRoot, Clock.systemUTC()), disk);
    }

    private static Vitals collect(SystemCollector collector) throws IOException {
        Vitals.Builder vitals = Vitals.newBuilder();
        collector.collect(vitals);
        return vitals.build();
    }

    @Test
    void firstCollectionReportsTheHostFromItsProcFiles() throws IOException {
        Vitals vitals = collect(collector(ProcFixtures.hostRoot("typical"), SEVENTY_OF_HUNDRED_GIB));

        assertEquals(42.5, vitals.getCpuPercent(), "busy 8500 of 20000 jiffies since boot");
        assertEquals(62.5, vitals.getMemoryPercent(), "10 of 16 GB not available");
        assertEquals(25.0, vitals.getSwapPercent(), "1 of 4 GB swap used");
        assertEquals(0.52, vitals.getLoad1());
        assertEquals(1.25, vitals.getLoad5());
        assertEquals(2.0, vitals.getLoad15());
        assertEquals(350_735, vitals.getUptimeSecs());
        assertEquals(73.68, vitals.getRootDiskPercent());
    }

    @Test
    void laterCollectionsReportCpuOverTheIntervalBetweenThem() throws IOException {
        Path host = tempDir.resolve("host");
        ProcFixtures.copyInto("typical", host);
        SystemCollector collector = collector(host, SEVENTY_OF_HUNDRED_GIB);
        collect(collector);

        ProcFixtures.copyInto("typical-later", host);
        Vitals later = collect(collector);

        // 1050 busy of 2000 jiffies; counting guest time again would give 54.76
        assertEquals(52.5, later.getCpuPercent());
        assertEquals(75.0, later.getMemoryPercent());
        assertEquals(50.0, later.getSwapPercent());
        assertEquals(1.5, later.getLoad1());
        assertEquals(350_745, later.getUptimeSecs());
    }

    @Test
    void oldKernelWithoutMemAvailableOrSwap() throws IOException {
        Vitals vitals = collect(collector(ProcFixtures.hostRoot("no-memavailable"), SEVENTY_OF_HUNDRED_GIB));

        assertEquals(30.0, vitals.getCpuPercent(), "four counters only: busy 3000 of 10000");
        assertEquals(60.0, vitals.getMemoryPercent(), "available estimated as free + buffers + cached + reclaimable slab");
        assertEquals(0.0, vitals.getSwapPercent());
        assertEquals(0.05, vitals.getLoad15());
        assertEquals(86_400, vitals.getUptimeSecs());
    }

    @Test
    void missingSourcesAreLeftOutAndTheRestIsReported() throws IOException {
        Path host = tempDir.resolve("host");
        Files.createDirectories(host.resolve("proc"));
        Files.writeString(host.resolve("proc/uptime"), "1234.56 999.00\n");
        Files.writeString(host.resolve("proc/loadavg"), "not a load average\n");

        Vitals vitals = collect(collector(host, SEVENTY_OF_HUNDRED_GIB));

        assertEquals(1234, vitals.getUptimeSecs());
        assertEquals(73.68, vitals.getRootDiskPercent());
        assertEquals(0.0, vitals.getCpuPercent());
        assertEquals(0.0, vitals.getLoad1());
    }

    @Test
    void failsWithEveryReasonWhenNothingCanBeRead() {
        SystemCollector collector = collector(tempDir, () -> {
            throw new IOException("file store gone");
        });

        IOException e = assertThrows(IOException.class, () -> collect(collector));

        assertTrue(e.getMessage().contains("/proc/stat: no such file"), e.getMessage());
        assertTrue(e.getMessage().contains("root file system: file store gone"), e.getMessage());
    }

    @Test
    void theDefaultRootDiskReadsTheFileStoreOfTheHostRoot() throws IOException {
        DiskSpace space = RootDisk.fileStoreOf(tempDir).read();

        assertTrue(space.total() > 0);
        assertTrue(space.unallocated() <= space.total());
        double percent = space.usedPercent();
        assertTrue(percent >= 0 && percent <= 100, "percent " + percent);
    }

    @Test
    void isCalledSystem() {
        assertEquals("system", collector(tempDir, SEVENTY_OF_HUNDRED_GIB).id());
    }
}
