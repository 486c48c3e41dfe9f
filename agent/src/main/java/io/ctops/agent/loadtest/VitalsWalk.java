package io.ctops.agent.loadtest;

import io.ctops.proto.agent.v1.DiskUsage;
import io.ctops.proto.agent.v1.InterfaceCounters;
import io.ctops.proto.agent.v1.Vitals;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * The vitals of one virtual host, moving like a real one: each figure takes a small random step per
 * heartbeat, is pulled back towards the host's own typical level and stays within its bounds
 * (percentages 0-100, load 0-{@link #MAX_LOAD}); disks fill slowly, uptime and network counters only grow.
 * Not thread-safe: one per virtual agent, stepped by whoever sends its heartbeat.
 */
final class VitalsWalk {

    static final double MAX_LOAD = 64;
    private static final long DISK_BYTES = 100L << 30;
    private static final long DATA_DISK_BYTES = 500L << 30;

    private final RandomGenerator random;
    private final double cpuLevel;
    private final double memoryLevel;
    private double cpu;
    private double memory;
    private double swap;
    private double rootDisk;
    private double dataDisk;
    private double load1;
    private double load5;
    private double load15;
    private long uptimeSecs;
    private long rxBytes;
    private long txBytes;

    /**
     * @param random where the steps come from (seed it for a repeatable walk)
     */
    VitalsWalk(RandomGenerator random) {
        this.random = requireNonNull(random, "random is null");
        cpuLevel = 5 + random.nextDouble() * 40;
        memoryLevel = 20 + random.nextDouble() * 60;
        cpu = cpuLevel;
        memory = memoryLevel;
        swap = random.nextDouble() * 5;
        rootDisk = 10 + random.nextDouble() * 70;
        dataDisk = 5 + random.nextDouble() * 80;
        load1 = load5 = load15 = cpuLevel / 25;
        uptimeSecs = random.nextLong(3_600, 90L * 86_400);
        rxBytes = random.nextLong(1L << 40);
        txBytes = random.nextLong(1L << 40);
    }

    /**
     * Moves every figure one heartbeat on and returns them.
     *
     * @param elapsedSecs seconds since the previous step (uptime and counters advance by it)
     */
    Vitals step(long elapsedSecs) {
        cpu = walk(cpu, cpuLevel, 6, 0, 100);
        memory = walk(memory, memoryLevel, 1.5, 0, 100);
        swap = walk(swap, 2, 0.3, 0, 100);
        rootDisk = clamp(rootDisk + random.nextDouble() * 0.01 - 0.002, 0, 100);
        dataDisk = clamp(dataDisk + random.nextDouble() * 0.02 - 0.005, 0, 100);
        double target = cpu / 25;
        load1 = clamp(load1 + (target - load1) * 0.5 + gaussian(0.1), 0, MAX_LOAD);
        load5 = clamp(load5 + (load1 - load5) * 0.2, 0, MAX_LOAD);
        load15 = clamp(load15 + (load5 - load15) * 0.07, 0, MAX_LOAD);
        long elapsed = Math.max(0, elapsedSecs);
        uptimeSecs += elapsed;
        rxBytes += elapsed * random.nextLong(1_000, 2_000_000);
        txBytes += elapsed * random.nextLong(1_000, 1_000_000);
        return Vitals.newBuilder()
                .setCpuPercent(round(cpu)).setMemoryPercent(round(memory)).setSwapPercent(round(swap))
                .setRootDiskPercent(round(rootDisk)).setUptimeSecs(uptimeSecs)
                .setLoad1(round(load1)).setLoad5(round(load5)).setLoad15(round(load15))
                .addDisks(disk("/", "/dev/sda1", DISK_BYTES, rootDisk))
                .addDisks(disk("/var/lib/data", "/dev/sdb1", DATA_DISK_BYTES, dataDisk))
                .addInterfaces(InterfaceCounters.newBuilder().setName("eth0").setRxBytes(rxBytes).setTxBytes(txBytes))
                .build();
    }

    private double walk(double value, double level, double step, double min, double max) {
        return clamp(value + (level - value) * 0.1 + gaussian(step), min, max);
    }

    private double gaussian(double deviation) {
        return random.nextGaussian() * deviation;
    }

    private static DiskUsage disk(String mount, String device, long total, double percent) {
        return DiskUsage.newBuilder().setMount(mount).setDevice(device).setTotalBytes(total)
                .setUsedBytes((long) (total * percent / 100)).build();
    }

    static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
