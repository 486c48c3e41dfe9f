package io.ctops.plugin.monitoring;

import io.ctops.sdk.testkit.SettableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.ctops.plugin.monitoring.metrics.ChartRange;
import io.ctops.plugin.monitoring.metrics.MonitoringMetricsConsumer;
import io.ctops.plugin.monitoring.metrics.MonitoringRollupJob;
import io.ctops.plugin.monitoring.metrics.RollupWriter;
import io.ctops.plugin.monitoring.metrics.SeriesName;
import io.ctops.plugin.monitoring.metrics.SeriesPoint;
import io.ctops.plugin.monitoring.metrics.SeriesQuery;
import io.ctops.proto.queue.v1.MetricsRaw;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.testkit.CtopsTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollup job on a real database, with the plugin's clock in the test's hands: samples stored while
 * the job did not run are rolled up when it runs again (an hour of minutes per transaction), a second
 * run changes nothing, a late sample gets its minute, hour and day recomputed, and the charts read the
 * same values from the raw rows (minutes the job has not reached) as from the rollups afterwards.
 * The samples lie days ahead of the wall clock, where the server's own scheduled run of the job (on the
 * wall clock) closes no minute before this test's runs do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringRollupJobIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(Path.of(System.getProperty("plugin.jar")));

    private static final UUID ORG = UUID.randomUUID();
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(3)).plus(Duration.ofHours(22));
    private static final int SAMPLES = 3 * 360 + 90; // 3 h 15 min at 10 s, crossing midnight
    private static final SettableClock clock = new SettableClock(START);
    private static final UUID hostA = UUID.randomUUID();
    private static final UUID hostB = UUID.randomUUID();

    @Test
    @Order(1)
    void samplesStoredWhileTheJobDidNotRunAreRolledUpWhenItRunsAgain() throws Exception {
        PluginContext context = new DatabaseOnlyContext(server.dataSource(), server.dsl(), clock);
        MonitoringMetricsConsumer consumer = new MonitoringMetricsConsumer(context, MonitoringSettings.DEFAULTS);
        for (int i = 0; i < SAMPLES; i += 30) {
            List<MetricsRaw> batch = new ArrayList<>();
            for (int j = i; j < Math.min(SAMPLES, i + 30); j++) {
                for (UUID host : List.of(hostA, hostB)) {
                    batch.add(MonitoringFixtures.sample(ORG, host, at(j), cpu(host, j), 50));
                }
            }
            clock.set(at(Math.min(SAMPLES, i + 30) - 1));
            consumer.store(batch);
        }
        assertEquals(0, server.dsl().fetchCount(table(name("monitoring_rollup_1m")), field(name("host_id")).eq(hostA)),
                "the consumer writes no rollup");
        Map<String, List<SeriesPoint>> chartsBefore = charts(hostA);

        clock.set(at(SAMPLES).plus(MonitoringRollupJob.GRACE).plus(Duration.ofMinutes(1)));
        RollupWriter.Progress caughtUp = new MonitoringRollupJob(context).catchUp();
        assertTrue(!caughtUp.done().isBefore(at(SAMPLES)), "done " + caughtUp.done());
        for (UUID host : List.of(hostA, hostB)) {
            RollupRows.assertCpu(server.dsl(), host, "monitoring_rollup_1m", expected(host, Duration.ofMinutes(1), SAMPLES));
            RollupRows.assertCpu(server.dsl(), host, "monitoring_rollup_1h", expected(host, Duration.ofHours(1), SAMPLES));
            RollupRows.assertCpu(server.dsl(), host, "monitoring_rollup_1d", expected(host, Duration.ofDays(1), SAMPLES));
        }
        assertEquals(0, unsummarizedRawRanges(), "the job left no BRIN range of the raw rows it read unsummarized");
        assertEquals(1000.0, ((Number) server.dsl().fetchValue("SELECT sum(sum) / sum(n) FROM monitoring_rollup_1h WHERE host_id = ? "
                + "AND series = 'if.rx:eth0'", hostA)).doubleValue(), 1e-9, "interface rates are rolled up");

        // the same chart values whether they came from the raw rows or from the rollups
        Map<String, List<SeriesPoint>> chartsAfter = charts(hostA);
        assertEquals(chartsBefore.keySet(), chartsAfter.keySet());
        chartsBefore.forEach((range, before) -> assertSamePoints(range, before, chartsAfter.get(range)));

        String fingerprint = fingerprint();
        RollupWriter.Progress again = new MonitoringRollupJob(context).catchUp();
        assertEquals(0, again.minuteRows());
        assertEquals(fingerprint, fingerprint(), "a second run changes nothing");
    }

    @Test
    @Order(2)
    void aLateSampleHasItsMinuteHourAndDayRecomputed() throws Exception {
        PluginContext context = new DatabaseOnlyContext(server.dataSource(), server.dsl(), clock);
        MonitoringMetricsConsumer consumer = new MonitoringMetricsConsumer(context, MonitoringSettings.DEFAULTS);
        Instant late = at(100).plusSeconds(5); // between two stored samples, in a minute closed long ago
        double value = 99.5;
        assertEquals(1, consumer.store(List.of(MonitoringFixtures.sample(ORG, hostA, late, value, 50))));
        // (the server's own scheduled run may take the note before this test's run does: either recomputes)
        long notes = server.dsl().fetchCount(table(name("monitoring_rollup_late")));
        assertTrue(notes <= 1, "one note for the late sample");
        assertEquals(0, consumer.store(List.of(MonitoringFixtures.sample(ORG, hostA, late, value, 50))), "redelivered");
        assertTrue(server.dsl().fetchCount(table(name("monitoring_rollup_late"))) <= notes, "a redelivered sample is not noted again");

        new MonitoringRollupJob(context).catchUp();
        CtopsTestServer.await("the late note taken", Duration.ofSeconds(60),
                () -> server.dsl().fetchCount(table(name("monitoring_rollup_late"))) == 0);
        for (Map.Entry<String, Duration> r : Map.of("monitoring_rollup_1m", Duration.ofMinutes(1),
                "monitoring_rollup_1h", Duration.ofHours(1), "monitoring_rollup_1d", Duration.ofDays(1)).entrySet()) {
            Map<Instant, double[]> expected = expected(hostA, r.getValue(), SAMPLES);
            Instant bucket = floor(late, r.getValue());
            double[] e = expected.get(bucket);
            expected.put(bucket, new double[] {e[0] + 1, Math.min(e[1], value), Math.max(e[2], value), e[3] + value});
            RollupRows.assertCpu(server.dsl(), hostA, r.getKey(), expected);
        }
    }

    // --- helpers ---

    /** Summarizes what is left of the raw partitions of the samples' days; {@return how many ranges that was} */
    private static int unsummarizedRawRanges() throws Exception {
        try (java.sql.Connection connection = server.dataSource().getConnection()) {
            return RollupWriter.summarizeRawRanges(connection, at(0), at(SAMPLES));
        }
    }

    private static Instant at(int i) {
        return START.plusSeconds(10L * i);
    }

    private static double cpu(UUID host, int i) {
        return ((i * 37L + (host.equals(hostA) ? 11 : 29)) % 1001) / 10.0;
    }

    private static Instant floor(Instant at, Duration step) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), step.getSeconds()) * step.getSeconds());
    }

    /** bucket -> {n, min, max, sum} of cpu over the first {@code count} samples. */
    private static Map<Instant, double[]> expected(UUID host, Duration bucket, int count) {
        Map<Instant, double[]> out = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            double v = cpu(host, i);
            out.merge(floor(at(i), bucket), new double[] {1, v, v, v},
                    (a, c) -> new double[] {a[0] + 1, Math.min(a[1], c[1]), Math.max(a[2], c[2]), a[3] + c[3]});
        }
        return out;
    }

    /** The charts of the UI's ranges ending now (minute, hour and day resolution) and a per-interface one. */
    private static Map<String, List<SeriesPoint>> charts(UUID host) {
        SeriesQuery query = new SeriesQuery(server.dsl());
        Instant now = at(SAMPLES);
        Map<String, List<SeriesPoint>> out = new TreeMap<>();
        for (Map.Entry<String, Duration> r : Map.of("6h", Duration.ofHours(6), "24h", Duration.ofHours(24),
                "7d", Duration.ofDays(7), "90d", Duration.ofDays(90)).entrySet()) {
            ChartRange range = ChartRange.of(now.minus(r.getValue()), now, now, MonitoringSettings.DEFAULTS);
            out.put(r.getKey() + " cpu " + range.resolution(), query.points(ORG, host, SeriesName.parse("cpu"), range));
            out.put(r.getKey() + " if.tx:eth0 " + range.resolution(), query.points(ORG, host, SeriesName.parse("if.tx:eth0"), range));
        }
        return out;
    }

    private static void assertSamePoints(String chart, List<SeriesPoint> before, List<SeriesPoint> after) {
        assertEquals(before.size(), after.size(), chart);
        int filled = 0;
        for (int i = 0; i < before.size(); i++) {
            SeriesPoint b = before.get(i);
            SeriesPoint a = after.get(i);
            String where = chart + " at " + b.t();
            assertEquals(b.t(), a.t(), where);
            assertEquals(b.count(), a.count(), where);
            if (b.count() > 0) {
                filled++;
                assertEquals(b.avg(), a.avg(), 1e-9, where);
                assertEquals(b.min(), a.min(), 1e-9, where);
                assertEquals(b.max(), a.max(), 1e-9, where);
            }
        }
        assertTrue(filled > 0, chart + " has data");
    }

    private static String fingerprint() {
        StringBuilder out = new StringBuilder();
        for (String rollup : List.of("monitoring_rollup_1m", "monitoring_rollup_1h", "monitoring_rollup_1d")) {
            out.append(server.dsl().fetchValue("SELECT md5(string_agg(host_id || series || bucket || n || min || max || sum, ','"
                    + " ORDER BY host_id, series, bucket)) FROM " + rollup));
        }
        return out.toString();
    }
}
