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
import org.jooq.Record;
import org.jooq.Table;
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

    private Map<Instant, SeriesPoint> rollup(UUID orgId, UUID hostId, SeriesName series, ChartRange range) {
        Table<Record> rollup = table(name(range.resolution().table()));
        Map<Instant, SeriesPoint> found = new HashMap<>();
        dsl.select(BUCKET, N, MIN, MAX, SUM).from(rollup)
                .where(HOST_ID.eq(hostId).and(ORG_ID.eq(orgId)).and(SERIES.eq(series.name()))
                        .and(BUCKET.between(utc(range.firstBucket()), utc(range.lastBucket()))))
                .forEach(r -> {
                    Instant t = r.value1().toInstant();
                    found.put(t, new SeriesPoint(t, r.value5() / r.value2(), r.value3(), r.value4(), r.value2()));
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

    /** The series a host has had data for since {@code since} (from the 1 h rollup, which is small). */
    public List<String> seriesOf(UUID orgId, UUID hostId, Instant since) {
        return dsl.selectDistinct(SERIES).from(table(name(Resolution.HOUR.table())))
                .where(HOST_ID.eq(hostId).and(ORG_ID.eq(orgId)).and(BUCKET.ge(utc(since))))
                .orderBy(SERIES).fetch(SERIES);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
