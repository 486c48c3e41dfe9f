package io.ctops.plugin.monitoring.bench;

import io.ctops.sdk.testkit.SettableClock;
import io.ctops.plugin.monitoring.DatabaseOnlyContext;
import io.ctops.plugin.monitoring.MonitoringSettings;
import io.ctops.plugin.monitoring.metrics.ChartRange;
import io.ctops.plugin.monitoring.metrics.MonitoringMetricsConsumer;
import io.ctops.plugin.monitoring.metrics.MonitoringRollupJob;
import io.ctops.plugin.monitoring.metrics.SeriesName;
import io.ctops.plugin.monitoring.metrics.SeriesQuery;
import io.ctops.proto.queue.v1.MetricsRaw;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.plugin.monitoring.MonitoringFixturesAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Not a test: (1) the rows per second the metrics consumer stores into PostgreSQL (one sample = one
 * host row + one disk row + one interface row) and {@link MonitoringRollupJob} rolls up at 1 m/1 h/1 d,
 * calling the consumer's store path with batches as the queue would and the job every 30 s of the
 * samples' time (the plugin's clock follows the samples), with the CPU time of the PostgreSQL backends; (2) the time to answer a 30-day chart query for one host while the
 * 1 h rollup holds 30 days of cpu for {@code hosts} hosts.
 *
 * <p>Run (the reactor resolves the sibling modules, nothing is installed):
 * {@code mvn -pl plugins/monitoring -am verify -DskipTests dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=/tmp/cp.txt}, then in plugins/monitoring
 * {@code java -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" io.ctops.plugin.monitoring.bench.MonitoringConsumerBenchmark
 * target/ctops-plugin-monitoring-0.1.0-SNAPSHOT.jar 200000 10000} (jar, samples, hosts for the query part — 0 skips
 * it — and optionally the fleet that sends the samples, default 1000 hosts, and the batch size, default the
 * consumer's).
 */
public final class MonitoringConsumerBenchmark {

    private MonitoringConsumerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int hosts = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        // the consumer's own batch size unless given; fleet: how many hosts send the samples
        int fleetSize = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        CtopsTestServer server = CtopsTestServer.withPluginJars(jar);
        server.beforeAll(null);
        try {
            System.out.printf("cores: %d, PostgreSQL: %s%n", Runtime.getRuntime().availableProcessors(),
                    server.dsl().fetchValue("SHOW server_version"));
            // the samples run ahead of the wall clock (a fleet's minutes in seconds); the plugin's clock follows them
            SettableClock clock = SettableClock.startingNow();
            PluginContext context = new DatabaseOnlyContext(server.dataSource(), server.dsl(), clock);
            MonitoringMetricsConsumer consumer = new MonitoringMetricsConsumer(context, MonitoringSettings.DEFAULTS);
            MonitoringRollupJob rollups = new MonitoringRollupJob(context);
            UUID org = UUID.randomUUID();
            List<UUID> fleet = new ArrayList<>();
            for (int i = 0; i < fleetSize; i++) {
                fleet.add(UUID.randomUUID());
            }
            // after the rollup marks the migration set (the next minute), so that no sample is late
            Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
            int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : consumer.maxBatchSize();
            consumer.store(following(clock, batch(org, fleet, start, 0, batchSize))); // warm-up: partitions, JIT, plan
            long began = System.nanoTime();
            double databaseCpuBefore = databaseCpuSeconds(server.dsl());
            long jvmCpuBefore = jvmCpuNanos();
            int stored = 0;
            // the rollup job runs as the server runs it: every interval of the (simulated) clock
            Instant lastRun = clock.instant();
            long jobNanos = 0;
            int jobRuns = 0;
            long minuteRows = 0;
            for (int b = 1; stored < samples; b++) {
                stored += consumer.store(following(clock, batch(org, fleet, start, b, batchSize)));
                if (!clock.instant().isBefore(lastRun.plus(rollups.interval()))) {
                    long t = System.nanoTime();
                    minuteRows += rollups.catchUp().minuteRows();
                    jobNanos += System.nanoTime() - t;
                    jobRuns++;
                    lastRun = clock.instant();
                }
            }
            // and once more when every stored minute is closed
            clock.set(clock.instant().plus(MonitoringRollupJob.GRACE).plus(Duration.ofMinutes(1)));
            long last = System.nanoTime();
            minuteRows += rollups.catchUp().minuteRows();
            jobNanos += System.nanoTime() - last;
            jobRuns++;
            double secs = (System.nanoTime() - began) / 1e9;
            double databaseCpu = databaseCpuSeconds(server.dsl()) - databaseCpuBefore;
            double jvmCpu = (jvmCpuNanos() - jvmCpuBefore) / 1e9;
            System.out.printf("consumer and rollup job: %d samples (%d raw rows) in %.1f s = %.0f samples/s, %.0f raw rows/s (batches of %d, fleet of %d hosts)%n",
                    stored, stored * 3L, secs, stored / secs, stored * 3 / secs, batchSize, fleetSize);
            // wall time depends on what else the machine runs; CPU time per sample much less so
            System.out.printf("cpu: PostgreSQL backends %.1f s (%.0f samples per backend cpu-second), benchmark JVM %.1f s "
                    + "(includes building the samples)%n", databaseCpu, stored / databaseCpu, jvmCpu);
            System.out.printf("rollup job (included above): %d runs, %d 1 m rows, %.1f s of the wall time%n",
                    jobRuns, minuteRows, jobNanos / 1e9);
            if (hosts <= 0) {
                return;
            }

            Instant now = Instant.now();
            Instant from = now.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);
            // rollup partitions further back than the raw retention, which the consumer never needs
            new io.ctops.plugin.monitoring.metrics.MonitoringPartitions(server.dsl(), MonitoringSettings.DEFAULTS).ensure(List.of(
                    io.ctops.plugin.monitoring.metrics.MonitoringPartitions.Partition.covering("monitoring_rollup_1h",
                            io.ctops.plugin.monitoring.metrics.Resolution.PartitionSpan.MONTH, from),
                    io.ctops.plugin.monitoring.metrics.MonitoringPartitions.Partition.covering("monitoring_rollup_1h",
                            io.ctops.plugin.monitoring.metrics.Resolution.PartitionSpan.MONTH, now)));
            long fill = System.nanoTime();
            server.dsl().execute("INSERT INTO monitoring_rollup_1h (host_id, org_id, series, bucket, n, min, max, sum) "
                    + "SELECT h.id, {0}::uuid, 'cpu', b, 360, 1, 90, 360 * 45 FROM "
                    + "(SELECT gen_random_uuid() AS id FROM generate_series(1, {1})) h, "
                    + "generate_series({2}::timestamptz, {3}::timestamptz, interval '1 hour') b",
                    DSL.val(org.toString()), DSL.val(hosts - 1),
                    DSL.val(from.atOffset(java.time.ZoneOffset.UTC)), DSL.val(now.atOffset(java.time.ZoneOffset.UTC)));
            UUID one = UUID.randomUUID();
            server.dsl().execute("INSERT INTO monitoring_rollup_1h (host_id, org_id, series, bucket, n, min, max, sum) "
                    + "SELECT {0}::uuid, {1}::uuid, 'cpu', b, 360, 1, 90, 360 * 45 FROM "
                    + "generate_series({2}::timestamptz, {3}::timestamptz, interval '1 hour') b",
                    DSL.val(one.toString()), DSL.val(org.toString()),
                    DSL.val(from.atOffset(java.time.ZoneOffset.UTC)), DSL.val(now.atOffset(java.time.ZoneOffset.UTC)));
            server.dsl().execute("ANALYZE monitoring_rollup_1h");
            System.out.printf("1 h rollup: %d rows for %d hosts, filled in %.1f s%n",
                    server.dsl().fetchCount(DSL.table("monitoring_rollup_1h")), hosts,
                    (System.nanoTime() - fill) / 1e9);
            SeriesQuery query = new SeriesQuery(server.dsl());
            ChartRange range = ChartRange.of(now.minus(Duration.ofDays(30)), now, now, MonitoringSettings.DEFAULTS);
            long best = Long.MAX_VALUE;
            long first = 0;
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                int points = query.points(org, one, SeriesName.parse("cpu"), range).size();
                long took = System.nanoTime() - t;
                if (i == 0) {
                    first = took;
                    System.out.printf("30-day query: %d buckets at %s%n", points, range.resolution());
                }
                best = Math.min(best, took);
            }
            System.out.printf("30-day query for one host: first %.1f ms, best of 20 %.1f ms%n", first / 1e6, best / 1e6);
        } finally {
            server.afterAll(null);
        }
    }

    /** CPU seconds used so far by the PostgreSQL backends of this database (Linux /proc; 0 elsewhere). */
    private static double databaseCpuSeconds(DSLContext dsl) {
        double ticks = 0;
        for (Object pid : dsl.fetchValues("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")) {
            try {
                String stat = java.nio.file.Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux, or the backend ended
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<MetricsRaw> batch(UUID org, List<UUID> fleet, Instant start, int b, int size) {
        List<MetricsRaw> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            UUID host = fleet.get(i % fleet.size());
            Instant at = start.plusSeconds(10L * ((long) b * Math.max(1, size / fleet.size()) + i / fleet.size()));
            out.add(MonitoringFixturesAccess.sample(org, host, at, (b + i) % 100, 50));
        }
        return out;
    }

    /** Sets the clock to the newest sample of the batch, so none is refused as from the future. */
    private static List<MetricsRaw> following(SettableClock clock, List<MetricsRaw> batch) {
        for (MetricsRaw raw : batch) {
            Instant at = Instant.ofEpochSecond(raw.getCollectedAt().getSeconds(), raw.getCollectedAt().getNanos());
            if (at.isAfter(clock.instant())) {
                clock.set(at);
            }
        }
        return batch;
    }
}
