package io.ctops.plugin.monitoring.web;

import io.ctops.plugin.monitoring.metrics.ChartRange;
import io.ctops.plugin.monitoring.metrics.SeriesName;
import io.ctops.plugin.monitoring.metrics.SeriesPoint;
import io.ctops.plugin.monitoring.metrics.SeriesQuery;
import io.ctops.sdk.web.chart.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns series queries into what a {@link io.ctops.sdk.web.chart.TimeSeriesChart} draws (bucket averages, gaps as null). */
final class ChartLoader {

    private final SeriesQuery query;

    ChartLoader(SeriesQuery query) {
        this.query = query;
    }

    /** One line per (host, series) pair, labelled as given. */
    record LineSpec(UUID hostId, String series, String label) {
    }

    TimeSeries load(UUID orgId, List<LineSpec> lines, ChartRange range) {
        List<Instant> times = new ArrayList<>();
        List<TimeSeries.Line> out = new ArrayList<>();
        for (LineSpec line : lines) {
            List<SeriesPoint> points = query.points(orgId, line.hostId(), SeriesName.parse(line.series()), range);
            if (times.isEmpty()) {
                points.forEach(p -> times.add(p.t()));
            }
            out.add(new TimeSeries.Line(line.label(), points.stream().map(SeriesPoint::avg).toList()));
        }
        if (times.isEmpty()) {
            for (int i = 0; i < range.bucketCount(); i++) {
                times.add(range.firstBucket().plusSeconds(i * range.resolution().step().getSeconds()));
            }
        }
        return new TimeSeries(times, out);
    }
}
