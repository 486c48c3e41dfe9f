package io.ctops.agent.plugin.system;

import java.io.IOException;

/**
 * The first three figures of {@code /proc/loadavg}.
 *
 * @param load1 one-minute load average
 * @param load5 five-minute load average
 * @param load15 fifteen-minute load average
 */
record LoadAverage(double load1, double load5, double load15) {

    /**
     * Parses {@code /proc/loadavg}, e.g. {@code 0.52 1.25 2.00 3/812 24527}.
     *
     * @param text the whole file
     * @return the three averages
     * @throws IOException when the text does not start with three numbers
     */
    static LoadAverage parse(String text) throws IOException {
        String[] fields = text.trim().split("\\s+");
        if (fields.length < 3) {
            throw new IOException("/proc/loadavg has " + fields.length + " fields, expected at least 3");
        }
        try {
            return new LoadAverage(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2]));
        } catch (NumberFormatException e) {
            throw new IOException("/proc/loadavg is not numeric: " + text.trim(), e);
        }
    }
}
