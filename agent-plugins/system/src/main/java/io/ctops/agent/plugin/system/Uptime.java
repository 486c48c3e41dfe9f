package io.ctops.agent.plugin.system;

import java.io.IOException;

/** Reads {@code /proc/uptime}. */
final class Uptime {

    private Uptime() {
    }

    /**
     * Parses {@code /proc/uptime}, e.g. {@code 350735.47 1393589.51}.
     *
     * @param text the whole file
     * @return whole seconds since boot
     * @throws IOException when the first field is not a number
     */
    static long parseSeconds(String text) throws IOException {
        String first = text.trim().split("\\s+")[0];
        try {
            return (long) Math.floor(Double.parseDouble(first));
        } catch (NumberFormatException e) {
            throw new IOException("/proc/uptime is not numeric: " + text.trim(), e);
        }
    }
}
