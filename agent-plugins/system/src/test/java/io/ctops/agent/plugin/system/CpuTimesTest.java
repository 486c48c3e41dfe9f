package io.ctops.agent.plugin.system;

import java.io.IOException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTimesTest {

    @Test
    void countsIdleAndIowaitAsNotBusyAndLeavesGuestTimeOut() throws IOException {
        CpuTimes times = CpuTimes.parse("cpu  100 10 50 800 20 5 5 10 40 2\ncpu0 100 10 50 800 20 5 5 10 40 2\n");

        assertEquals(1000, times.total());
        assertEquals(180, times.busy());
    }

    @Test
    void readsTheFourCountersOfVeryOldKernels() throws IOException {
        assertEquals(new CpuTimes(300, 1000), CpuTimes.parse("cpu 200 0 100 700\n"));
    }

    @Test
    void usesTheAggregateLineNotAPerCpuLine() throws IOException {
        CpuTimes times = CpuTimes.parse("intr 1 2 3\ncpu0 1 1 1 1\ncpu  4 0 0 4\n");

        assertEquals(new CpuTimes(4, 8), times);
    }

    @Test
    void rejectsTextWithoutUsableCpuLine() {
        assertThrows(IOException.class, () -> CpuTimes.parse("intr 1 2 3\n"));
        assertThrows(IOException.class, () -> CpuTimes.parse("cpu 1 2 3\n"));
        IOException e = assertThrows(IOException.class, () -> CpuTimes.parse("cpu 1 2 x 4\n"));
        assertTrue(e.getMessage().contains("not a number"), e.getMessage());
    }

    @Test
    void sinceBootIsBusyOverTotal() {
        assertEquals(33.33, new CpuTimes(1, 3).percentSinceBoot());
        assertEquals(0.0, new CpuTimes(0, 0).percentSinceBoot());
    }
}
