package io.ctops.agent.plugin.system;

/**
 * Turns successive {@link CpuTimes} samples into a CPU busy percentage over the time between them.
 * Holds the previous sample, so each collector instance owns one.
 */
final class CpuUsage {

    private CpuTimes previous;

    /**
     * Records a sample and returns the busy percentage since the previous one.
     *
     * <p>With no previous sample, or when the counters did not move forward (the same sample
     * twice, or counters reset), the only honest figure is the average since boot.
     *
     * @param now the current counters
     * @return percent busy, 0 to 100
     */
    synchronized double percent(CpuTimes now) {
        CpuTimes before = previous;
        previous = now;
        if (before == null || now.total() <= before.total()) {
            return now.percentSinceBoot();
        }
        long busy = now.busy() - before.busy();
        long total = now.total() - before.total();
        // iowait may go backwards on some kernels, which can push busy outside 0..total
        return Percent.of(Math.max(0, Math.min(busy, total)), total);
    }
}
