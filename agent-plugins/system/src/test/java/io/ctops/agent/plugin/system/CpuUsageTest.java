package io.ctops.agent.plugin.system;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuUsageTest {

    private final CpuUsage usage = new CpuUsage();

    @Test
    void firstSampleGivesTheAverageSinceBoot() {
        assertEquals(25.0, usage.percent(new CpuTimes(250, 1000)));
    }

    @Test
    void laterSamplesGiveTheShareOfTheInterval() {
        usage.percent(new CpuTimes(250, 1000));

        assertEquals(90.0, usage.percent(new CpuTimes(340, 1100)));
        assertEquals(0.0, usage.percent(new CpuTimes(340, 1200)));
    }

    @Test
    void theSameSampleTwiceFallsBackToSinceBoot() {
        usage.percent(new CpuTimes(250, 1000));

        assertEquals(25.0, usage.percent(new CpuTimes(250, 1000)));
    }

    @Test
    void countersThatWentBackwardsFallBackToSinceBoot() {
        usage.percent(new CpuTimes(5000, 10000));

        assertEquals(10.0, usage.percent(new CpuTimes(10, 100)));
    }

    @Test
    void staysWithinZeroAndHundredWhenIowaitGoesBackwards() {
        usage.percent(new CpuTimes(500, 1000));

        // iowait shrank by more than the interval: busy grew more than total
        assertEquals(100.0, usage.percent(new CpuTimes(700, 1100)));
    }
}
