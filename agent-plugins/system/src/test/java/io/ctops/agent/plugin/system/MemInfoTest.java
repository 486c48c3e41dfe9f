package io.ctops.agent.plugin.system;

import java.io.IOException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemInfoTest {

    @Test
    void readsTheFiguresInKb() throws IOException {
        MemInfo info = MemInfo.parse("""
                MemTotal:        1000 kB
                MemFree:          100 kB
                MemAvailable:     400 kB
                SwapTotal:        200 kB
                SwapFree:          50 kB
                HugePages_Total:    0
                """);

        assertEquals(new MemInfo(1000, 400, 200, 50), info);
        assertEquals(60.0, info.memoryPercent());
        assertEquals(75.0, info.swapPercent());
    }

    @Test
    void estimatesAvailableMemoryOnKernelsWithoutIt() throws IOException {
        MemInfo info = MemInfo.parse("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 200 kB\nSReclaimable: 50 kB\n");

        assertEquals(400, info.memAvailable());
    }

    @Test
    void noSwapIsZeroPercent() throws IOException {
        assertEquals(0.0, MemInfo.parse("MemTotal: 1000 kB\nMemAvailable: 1000 kB\n").swapPercent());
    }

    @Test
    void rejectsAFileWithoutMemTotalOrWithGarbage() {
        assertThrows(IOException.class, () -> MemInfo.parse("MemFree: 100 kB\n"));
        assertThrows(IOException.class, () -> MemInfo.parse("MemTotal: lots kB\n"));
    }
}
