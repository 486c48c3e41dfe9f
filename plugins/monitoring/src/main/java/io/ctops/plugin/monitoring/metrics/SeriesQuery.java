package io.ctops.plugin.monitoring.metrics;

import static java.util.Objects.requireNonNull;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Reads one series of one host over a {@link ChartRange}: every bucket of the range, gaps included. */
public final class SeriesQuery {

    private static final Field<UUID> HOST_ID = field(name("host_id"), UUID.class);
    private static final Field<UUID> ORG_ID = field(name("org_id"), UUID.class);
    private static final Field<String> SERIES = field(name("series"), String.class);
    private static final Field<OffsetDateTime> BUCKET = field(name("bucket"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> TS = field(name("ts"), OffsetDateTime.class);
    private static final Field<Integer> N = field(name("n"), Integer.class);
    private static final Field<Double> MIN = field(name("min"), Double.class);
    private static final Field<Double> MAX = field(name("max"), Double.class);
    private static final Field<Double> SUM = field(name("sum"), Double.class);

    private final DSLContext dsl;

    public SeriesQuery(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    public List<SeriesPoint> points(UUID orgId, UUID hostId, SeriesName series, ChartRange range) {
        Map<Instant, SeriesPoint> found = range.resolution() == Resolution.RAW
                ? raw(orgId, hostId, series, range) : rollup(orgId, hostId, series, range);
        List<SeriesPoint> points = new ArrayList<>(range.bucketCount());
        long step = range.resolution().step().getSeconds();
        for (int i = 0; i < range.bucketCount(); i++) {
            Instant t = range.firstBucket().plusSeconds(i * step);
            points.add(found.getOrDefault(t, SeriesPoint.gap(t)));
        }
        return points;
    }

    /**
     * The rollup rows of the range plus, for the minutes the rollup job has not reached yet (from the
     * 'done' mark on, at most a few minutes), the raw rows summed into the same buckets: a rollup row
     * holds exactly the minutes before the mark, so the two never overlap, and the newest bucket is live.
     * One statement, so the mark and the rows are read from the same snapshot.
     */
    private Map<Instant, SeriesPoint> rollup(UUID orgId, UUID hostId, SeriesName series, ChartRange range) {
        String part = series.rawPartColumn() == null ? "" : " AND " + series.rawPartColumn() + " = ?";
        String sql = """
                SELECT bucket, sum(n)::int AS n, min(min) AS min, max(max) AS max, sum(sum) AS sum FROM (
                    SELECT bucket, n, min, max, sum FROM %1$s
                    WHERE host_id = ?::uuid AND org_id = ?::uuid AND series = ? AND bucket BETWEEN ?::timestamptz AND ?::timestamptz
                    UNION ALL
                    SELECT date_bin(?::interval, ts, timestamptz '1970-01-01 00:00:00+00'), count(*), min(v), max(v), sum(v)
                    FROM (SELECT ts, %3$s AS v FROM %2$s
                          WHERE host_id = ?::uuid AND org_id = ?::uuid%4$s AND %3$s IS NOT NULL AND ts < ?::timestamptz
                            AND ts >= greatest(?::timestamptz, (SELECT at FROM monitoring_rollup_mark WHERE name = 'done'))) AS raw
                    GROUP BY 1
                ) AS both_parts GROUP BY bucket
                """.formatted(range.resolution().table(), series.rawTable(), series.rawColumn(), part);
        // bound as text with casts in the SQL: plain-SQL binds of jOOQ carry no PostgreSQL type
        List<Object> binds = new ArrayList<>(List.of(hostId.toString(), orgId.toString(), series.name(),
                range.firstBucket().toString(), range.lastBucket().toString(),
                range.resolution().step().getSeconds() + " seconds", hostId.toString(), orgId.toString()));
        if (series.rawPartColumn() != null) {
            binds.add(series.part());
        }
        binds.add(range.lastBucket().plus(range.resolution().step()).toString());
        binds.add(range.firstBucket().toString());
        Map<Instant, SeriesPoint> found = new HashMap<>();
        dsl.resultQuery(sql, binds.toArray()).forEach(r -> {
            Instant t = r.get(BUCKET).toInstant();
            int n = r.get(N);
            found.put(t, new SeriesPoint(t, r.get(SUM) / n, r.get(MIN), r.get(MAX), n));
        });
        return found;
    }

    private Map<Instant, SeriesPoint> raw(UUID orgId, UUID hostId, SeriesName series, ChartRange range) {
        Field<Double> value = field(name(series.rawColumn()), Double.class);
        Field<OffsetDateTime> bucket = DSL.field("date_bin({0}::interval, {1}, timestamptz '1970-01-01 00:00:00+00')",
                OffsetDateTime.class, inline(range.resolution().step().getSeconds() + " seconds"), TS).as("b");
        Condition where = HOST_ID.eq(hostId).and(ORG_ID.eq(orgId)).and(value.isNotNull())
                .and(TS.ge(utc(range.firstBucket())))
                .and(TS.lt(utc(range.lastBucket().plus(range.resolution().step()))));
        if (series.rawPartColumn() != null) {
            where = where.and(field(name(series.rawPartColumn()), String.class).eq(series.part()));
        }
        Map<Instant, SeriesPoint> found = new HashMap<>();
        dsl.select(bucket, avg(value), min(value), max(value), count(value)).from(table(name(series.rawTable())))
                .where(where).groupBy(field(name("b"))).forEach(r -> {
                    Instant t = r.value1().toInstant();
                    BigDecimal mean = r.value2();
                    found.put(t, new SeriesPoint(t, mean == null ? null : mean.doubleValue(), r.value3(), r.value4(), r.value5()));
                });
        return found;
    }

    /**
     * The series a host has had data for since {@code since}: from the 1 h rollup (which is small), and
     * for the minutes the rollup job has not reached yet from the raw rows, so a new host's series show at once.
     */
    public List<String> seriesOf(UUID orgId, UUID hostId, Instant since) {
        String sql = """
                WITH fresh AS MATERIALIZED (
                    SELECT greatest(?::timestamptz, (SELECT at FROM monitoring_rollup_mark WHERE name = 'done')) AS since
                )
                SELECT series FROM monitoring_rollup_1h WHERE host_id = ?::uuid AND org_id = ?::uuid AND bucket >= ?::timestamptz
                UNION
                SELECT v.series FROM monitoring_sample s, fresh,
                       LATERAL (VALUES ('cpu', s.cpu), ('memory', s.memory), ('swap', s.swap), ('disk', s.disk),
                                       ('load1', s.load1), ('load5', s.load5), ('load15', s.load15),
                                       ('net.rx', s.net_rx), ('net.tx', s.net_tx)) AS v (series, value)
                WHERE s.host_id = ?::uuid AND s.org_id = ?::uuid AND s.ts >= fresh.since AND v.value IS NOT NULL
                UNION
                SELECT 'disk:' || mount FROM monitoring_disk_sample, fresh
                WHERE host_id = ?::uuid AND org_id = ?::uuid AND ts >= fresh.since AND used_percent IS NOT NULL
                UNION
                SELECT v.series FROM monitoring_interface_sample i, fresh,
                       LATERAL (VALUES ('if.rx:' || i.iface, i.rx_rate), ('if.tx:' || i.iface, i.tx_rate)) AS v (series, value)
                WHERE i.host_id = ?::uuid AND i.org_id = ?::uuid AND i.ts >= fresh.since AND v.value IS NOT NULL
                ORDER BY 1
                """;
        String from = since.toString();
        String host = hostId.toString();
        String org = orgId.toString();
        return dsl.resultQuery(sql, from, host, org, from, host, org, host, org, host, org).fetch(0, String.class);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
