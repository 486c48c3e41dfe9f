package io.ctops.plugin.monitoring.metrics;

import io.ctops.plugin.monitoring.MonitoringSettings;
import java.time.Duration;

/** The resolutions time series are kept at, finest first, with their tables and partition spans. */
public enum Resolution {
    RAW(Duration.ofSeconds(10), "monitoring_sample", PartitionSpan.DAY),
    MINUTE(Duration.ofMinutes(1), "monitoring_rollup_1m", PartitionSpan.DAY),
    HOUR(Duration.ofHours(1), "monitoring_rollup_1h", PartitionSpan.MONTH),
    DAY(Duration.ofDays(1), "monitoring_rollup_1d", PartitionSpan.YEAR);

    private final Duration step;
    private final String table;
    private final PartitionSpan span;

    Resolution(Duration step, String table, PartitionSpan span) {
        this.step = step;
        this.table = table;
        this.span = span;
    }

    /** The bucket width; for RAW the agents' default heartbeat interval. */
    public Duration step() {
        return step;
    }

    public String table() {
        return table;
    }

    public PartitionSpan span() {
        return span;
    }

    public Duration retention(MonitoringSettings settings) {
        return switch (this) {
            case RAW -> settings.raw();
            case MINUTE -> settings.minute();
            case HOUR -> settings.hour();
            case DAY -> settings.day();
        };
    }

    /** How the tables of a resolution are cut into partitions. */
    public enum PartitionSpan { DAY, MONTH, YEAR }
}
