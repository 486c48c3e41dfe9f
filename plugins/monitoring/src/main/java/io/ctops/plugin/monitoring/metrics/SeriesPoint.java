package io.ctops.plugin.monitoring.metrics;

import java.time.Instant;

/**
 * One bucket of a series. A bucket without data has {@code count} 0 and null values: a gap, never
 * filled in from its neighbours.
 */
public record SeriesPoint(Instant t, Double avg, Double min, Double max, int count) {

    static SeriesPoint gap(Instant t) {
        return new SeriesPoint(t, null, null, null, 0);
    }
}
