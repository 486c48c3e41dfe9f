package io.ctops.benchmarks.queue;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this JVM used per record over one iteration. On a machine shared with other work the
 * records/s score says as much about the neighbours as about the queue; records per CPU-second of the
 * benchmark's own process (producer, consumer, queue threads, GC) does not.
 */
final class CpuMeter {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;
    private long wallAtStart;
    private long recordsAtStart;

    void start(long records) {
        cpuAtStart = os.getProcessCpuTime();
        wallAtStart = System.nanoTime();
        recordsAtStart = records;
    }

    /** Prints records consumed, CPU used and records per CPU-second since {@link #start}. */
    void print(long records) {
        double cpu = (os.getProcessCpuTime() - cpuAtStart) / 1e9;
        double wall = (System.nanoTime() - wallAtStart) / 1e9;
        long done = records - recordsAtStart;
        System.out.printf("  [%,d records consumed in %.1f s, this JVM used %.1f CPU-s (%.0f%% of one core): %,.0f records per CPU-second]%n",
                done, wall, cpu, 100 * cpu / wall, done / cpu);
    }
}
