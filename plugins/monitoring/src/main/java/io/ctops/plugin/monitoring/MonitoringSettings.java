package io.ctops.plugin.monitoring;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Retention per resolution, from the environment ({@code CT_OPS_MONITORING_RETENTION_RAW}, {@code _1M},
 * {@code _1H}, {@code _1D}, as ISO-8601 durations such as {@code P7D}) with the defaults.
 * Checked without I/O at start: each must be at least a day and no finer resolution may outlive a coarser one.
 */
public record MonitoringSettings(Duration raw, Duration minute, Duration hour, Duration day, Duration checkResults) {

    public static final MonitoringSettings DEFAULTS = new MonitoringSettings(
            Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(365), Duration.ofDays(5 * 365), Duration.ofDays(30));

    public MonitoringSettings {
        for (Duration d : new Duration[] {raw, minute, hour, day, checkResults}) {
            if (d == null || d.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("every monitoring retention must be at least one day (P1D)");
            }
        }
        if (raw.compareTo(minute) > 0 || minute.compareTo(hour) > 0 || hour.compareTo(day) > 0) {
            throw new IllegalArgumentException("retention must grow with the resolution: raw <= 1m <= 1h <= 1d");
        }
    }

    /** The settings from the process environment. */
    public static MonitoringSettings fromEnvironment() {
        return from(System::getenv);
    }

    static MonitoringSettings from(Function<String, String> env) {
        Map<String, Duration> d = Map.of("RAW", DEFAULTS.raw, "1M", DEFAULTS.minute, "1H", DEFAULTS.hour,
                "1D", DEFAULTS.day, "CHECK_RESULTS", DEFAULTS.checkResults);
        Function<String, Duration> read = key -> {
            String value = env.apply("CT_OPS_MONITORING_RETENTION_" + key);
            if (value == null || value.isBlank()) {
                return d.get(key);
            }
            try {
                return Duration.parse(value.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("CT_OPS_MONITORING_RETENTION_" + key + " is not an ISO-8601 duration: " + value);
            }
        };
        return new MonitoringSettings(read.apply("RAW"), read.apply("1M"), read.apply("1H"), read.apply("1D"),
                read.apply("CHECK_RESULTS"));
    }
}
