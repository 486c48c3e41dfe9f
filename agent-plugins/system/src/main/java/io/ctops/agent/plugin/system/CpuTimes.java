package io.ctops.agent.plugin.system;

import java.io.IOException;

/**
 * The aggregate {@code cpu} line of {@code /proc/stat}: jiffies spent busy and in total since boot.
 *
 * @param busy jiffies not idle and not waiting for I/O
 * @param total all jiffies
 */
record CpuTimes(long busy, long total) {

    // user nice system idle iowait irq softirq steal: guest and guest_nice follow but are already
    // counted in user and nice, so adding them would count guest time twice.
    private static final int COUNTED_FIELDS = 8;
    private static final int IDLE = 3;
    private static final int IOWAIT = 4;

    /**
     * Reads the first {@code cpu } line.
     *
     * @param procStat the whole text of {@code /proc/stat}
     * @return the counters
     * @throws IOException when the text has no usable {@code cpu} line
     */
    static CpuTimes parse(String procStat) throws IOException {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                return fromFields(line.trim().split("\\s+"));
            }
        }
        throw new IOException("no 'cpu' line in /proc/stat");
    }

    private static CpuTimes fromFields(String[] fields) throws IOException {
        // fields[0] is "cpu"; kernels before 2.6 have only user nice system idle
        if (fields.length < 5) {
            throw new IOException("'cpu' line in /proc/stat has " + (fields.length - 1) + " counters, expected at least 4");
        }
        long total = 0;
        long idle = 0;
        int counted = Math.min(fields.length - 1, COUNTED_FIELDS);
        try {
            for (int i = 0; i < counted; i++) {
                long value = Long.parseLong(fields[i + 1]);
                total += value;
                if (i == IDLE || i == IOWAIT) {
                    idle += value;
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException("'cpu' line in /proc/stat has a counter that is not a number: " + e.getMessage(), e);
        }
        return new CpuTimes(total - idle, total);
    }

    /** {@return the busy share since boot, in percent} */
    double percentSinceBoot() {
        return Percent.of(busy, total);
    }
}
