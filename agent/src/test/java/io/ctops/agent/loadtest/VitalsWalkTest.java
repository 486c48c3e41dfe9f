package io.ctops.agent.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.proto.agent.v1.DiskUsage;
import io.ctops.proto.agent.v1.Vitals;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VitalsWalkTest {

    @Test
    void everyFigureStaysWithinItsBoundsOverALongWalk() {
        for (long seed = 0; seed < 20; seed++) {
            VitalsWalk walk = new VitalsWalk(new SplittableRandom(seed));
            long uptime = -1;
            long rx = -1;
            for (int i = 0; i < 20_000; i++) {
                Vitals v = walk.step(10);
                percent(v.getCpuPercent());
                percent(v.getMemoryPercent());
                percent(v.getSwapPercent());
                percent(v.getRootDiskPercent());
                assertTrue(v.getLoad1() >= 0 && v.getLoad1() <= VitalsWalk.MAX_LOAD, "load1 " + v.getLoad1());
                assertTrue(v.getLoad15() >= 0 && v.getLoad15() <= VitalsWalk.MAX_LOAD, "load15 " + v.getLoad15());
                for (DiskUsage disk : v.getDisksList()) {
                    assertTrue(disk.getUsedBytes() <= disk.getTotalBytes(), disk.toString());
                }
                assertTrue(v.getUptimeSecs() > uptime, "uptime only grows");
                assertTrue(v.getInterfaces(0).getRxBytes() >= rx, "counters only grow");
                uptime = v.getUptimeSecs();
                rx = v.getInterfaces(0).getRxBytes();
            }
        }
    }

    @Test
    void itMovesLikeAHostNotLikeNoise() {
        VitalsWalk walk = new VitalsWalk(new SplittableRandom(7));
        double previous = walk.step(10).getCpuPercent();
        double biggestJump = 0;
        double min = 100;
        double max = 0;
        for (int i = 0; i < 5_000; i++) {
            double cpu = walk.step(10).getCpuPercent();
            biggestJump = Math.max(biggestJump, Math.abs(cpu - previous));
            min = Math.min(min, cpu);
            max = Math.max(max, cpu);
            previous = cpu;
        }
        assertTrue(biggestJump < 40, "steps are small: " + biggestJump);
        assertTrue(max - min > 5, "but it does move: " + min + ".." + max);
    }

    @Test
    void theSameSeedWalksTheSameWay() {
        VitalsWalk a = new VitalsWalk(new SplittableRandom(42));
        VitalsWalk b = new VitalsWalk(new SplittableRandom(42));
        for (int i = 0; i < 100; i++) {
            assertEquals(a.step(10), b.step(10));
        }
    }

    private static void percent(double value) {
        assertTrue(value >= 0 && value <= 100, "percentage out of bounds: " + value);
    }
}
