package io.ctops.agent.plugin.system;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The figures of {@code /proc/meminfo} this plugin reports, in kB as the kernel gives them.
 *
 * @param memTotal MemTotal
 * @param memAvailable MemAvailable, or an estimate on kernels older than 3.14 that lack it
 * @param swapTotal SwapTotal
 * @param swapFree SwapFree
 */
record MemInfo(long memTotal, long memAvailable, long swapTotal, long swapFree) {

    /**
     * Parses the text of {@code /proc/meminfo}.
     *
     * @param text the whole file
     * @return the figures
     * @throws IOException when MemTotal is missing or a value is not a number
     */
    static MemInfo parse(String text) throws IOException {
        Map<String, Long> kb = values(text);
        Long total = kb.get("MemTotal");
        if (total == null) {
            throw new IOException("no MemTotal in /proc/meminfo");
        }
        Long available = kb.get("MemAvailable");
        if (available == null) {
            // What the kernel's own MemAvailable approximates: free memory plus reclaimable caches.
            available = kb.getOrDefault("MemFree", 0L) + kb.getOrDefault("Buffers", 0L)
                    + kb.getOrDefault("Cached", 0L) + kb.getOrDefault("SReclaimable", 0L);
        }
        return new MemInfo(total, Math.min(available, total),
                kb.getOrDefault("SwapTotal", 0L), kb.getOrDefault("SwapFree", 0L));
    }

    private static Map<String, Long> values(String text) throws IOException {
        Map<String, Long> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] amount = line.substring(colon + 1).trim().split("\\s+");
            try {
                values.put(line.substring(0, colon), Long.parseLong(amount[0]));
            } catch (NumberFormatException e) {
                throw new IOException("/proc/meminfo line is not a number: " + line, e);
            }
        }
        return values;
    }

    /** {@return memory in use (not available to new processes), in percent} */
    double memoryPercent() {
        return Percent.of(memTotal - memAvailable, memTotal);
    }

    /** {@return swap in use, in percent; 0 when the host has no swap} */
    double swapPercent() {
        return Percent.of(swapTotal - swapFree, swapTotal);
    }
}
