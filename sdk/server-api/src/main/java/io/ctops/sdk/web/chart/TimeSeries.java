package io.ctops.sdk.web.chart;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a {@link TimeSeriesChart} draws: one time axis and one or more lines over it. A {@code null}
 * value is a gap (no data in that bucket) and is drawn as a break in the line, never bridged.
 *
 * @param times the x values, ascending
 * @param lines the y values; each line has exactly one value per time
 */
public record TimeSeries(List<Instant> times, List<Line> lines) {

    public TimeSeries {
        times = List.copyOf(requireNonNull(times, "times is null"));
        lines = List.copyOf(requireNonNull(lines, "lines is null"));
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i).isBefore(times.get(i - 1))) {
                throw new IllegalArgumentException("times must be ascending");
            }
        }
        for (Line line : lines) {
            if (line.values().size() != times.size()) {
                throw new IllegalArgumentException("line '" + line.label() + "' has " + line.values().size()
                        + " values for " + times.size() + " times");
            }
        }
    }

    /** Nothing to draw yet, with these line labels. */
    public static TimeSeries empty(List<String> labels) {
        return new TimeSeries(List.of(), labels.stream().map(l -> new Line(l, List.of())).toList());
    }

    /**
     * One line.
     *
     * @param values may hold {@code null} for gaps
     */
    public record Line(String label, List<Double> values) {

        public Line {
            requireNonNull(label, "label is null");
            // List.copyOf refuses nulls, and nulls are the gaps
            values = Collections.unmodifiableList(new ArrayList<>(requireNonNull(values, "values is null")));
        }
    }
}
