package io.ctops.plugin.monitoring.metrics;

import static java.util.Objects.requireNonNull;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;

import io.ctops.plugin.monitoring.MonitoringSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Creates and drops the partitions of the time-series tables. Partitions are UTC days (raw and 1 m),
 * months (1 h) and years (1 d), named {@code <table>_p<yyyymmdd|yyyymm|yyyy>}. Retention drops a
 * partition once all of it is older than its resolution keeps data, which is cheap (no DELETE, no
 * vacuum) and exact to the partition.
 */
public final class MonitoringPartitions {

    /** The raw tables, which share the RAW resolution's partitioning and retention. */
    public static final List<String> RAW_TABLES =
            List.of("monitoring_sample", "monitoring_disk_sample", "monitoring_interface_sample");

    private static final String DUPLICATE_TABLE = "42P07";
    private static final String UNIQUE_VIOLATION = "23505"; // a catalogue row of the same table, made at the same time
    private static final Pattern NAME = Pattern.compile("(monitoring_[a-z0-9_]+?)_p(\\d{4})(\\d{2})?(\\d{2})?");

    private final DSLContext dsl;
    private final MonitoringSettings settings;

    public MonitoringPartitions(DSLContext dsl, MonitoringSettings settings) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** One partition of one table. */
    public record Partition(String table, Resolution.PartitionSpan span, LocalDate start) {

        public LocalDate end() {
            return switch (span) {
                case DAY -> start.plusDays(1);
                case MONTH -> start.plusMonths(1);
                case YEAR -> start.plusYears(1);
            };
        }

        public String name() {
            return table + "_p" + switch (span) {
                case DAY -> start.format(DateTimeFormatter.BASIC_ISO_DATE);
                case MONTH -> start.format(DateTimeFormatter.ofPattern("yyyyMM"));
                case YEAR -> start.format(DateTimeFormatter.ofPattern("yyyy"));
            };
        }

        /** The partition of {@code table} that holds {@code at}. */
        public static Partition covering(String table, Resolution.PartitionSpan span, Instant at) {
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            return new Partition(table, span, switch (span) {
                case DAY -> day;
                case MONTH -> day.withDayOfMonth(1);
                case YEAR -> day.withDayOfYear(1);
            });
        }
    }

    /** Every partition a sample taken at {@code at} writes to: three raw tables and three rollups. */
    public static List<Partition> forSampleAt(Instant at) {
        List<Partition> partitions = new ArrayList<>(6);
        for (String table : RAW_TABLES) {
            partitions.add(Partition.covering(table, Resolution.RAW.span(), at));
        }
        for (Resolution r : List.of(Resolution.MINUTE, Resolution.HOUR, Resolution.DAY)) {
            partitions.add(Partition.covering(r.table(), r.span(), at));
        }
        return partitions;
    }

    /** The names of the partitions that exist now. */
    public Set<String> existing() {
        return new HashSet<>(dsl.fetchValues(
                "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname LIKE 'monitoring\\_%'")
                .stream().map(String::valueOf).toList());
    }

    /** Creates those of the partitions that do not exist yet; returns the names of all of them. */
    public Set<String> ensure(List<Partition> wanted) {
        Set<String> existing = existing();
        Set<String> names = new TreeSet<>();
        for (Partition p : wanted) {
            if (!existing.contains(p.name())) {
                create(p);
                existing.add(p.name());
            }
            names.add(p.name());
        }
        return names;
    }

    private void create(Partition p) {
        try {
            dsl.execute("CREATE TABLE IF NOT EXISTS {0} PARTITION OF {1} FOR VALUES FROM ({2}) TO ({3}) WITH (fillfactor = {4})",
                    name(p.name()), name(p.table()), inline(p.start() + " 00:00:00+00"), inline(p.end() + " 00:00:00+00"),
                    inline(fillFactor(p.table())));
        } catch (DataAccessException e) {
            // IF NOT EXISTS does not cover a concurrent creation (the consumer and the retention job both
            // create partitions right after start): the other one made it, which is all that was wanted
            if (!DUPLICATE_TABLE.equals(e.sqlState()) && !UNIQUE_VIOLATION.equals(e.sqlState())) {
                throw e;
            }
        }
    }

    /**
     * Creates every partition a sample accepted now or within {@code ahead} can need: from the oldest
     * accepted time (now minus the raw retention) to {@code now + ahead}.
     */
    public Set<String> ensureWindow(Instant now, Duration ahead) {
        List<Partition> wanted = new ArrayList<>();
        Instant from = now.minus(settings.raw());
        for (Instant day = from; !day.isAfter(now.plus(ahead)); day = day.plus(Duration.ofDays(1))) {
            wanted.addAll(forSampleAt(day));
        }
        wanted.addAll(forSampleAt(now.plus(ahead)));
        return ensure(wanted.stream().distinct().toList());
    }

    /** Drops the partitions wholly older than their resolution's retention; returns their names. */
    public List<String> dropExpired(Instant now) {
        List<String> dropped = new ArrayList<>();
        for (String existing : new TreeSet<>(existing())) {
            Matcher m = NAME.matcher(existing);
            if (!m.matches()) {
                continue;
            }
            Resolution resolution = resolutionOf(m.group(1));
            if (resolution == null) {
                continue;
            }
            LocalDate start = LocalDate.of(Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 1 : Integer.parseInt(m.group(3)), m.group(4) == null ? 1 : Integer.parseInt(m.group(4)));
            Partition partition = new Partition(m.group(1), resolution.span(), start);
            if (!partition.name().equals(existing)) {
                continue; // not one of ours
            }
            Instant end = partition.end().atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!end.isAfter(now.minus(resolution.retention(settings)))) {
                dsl.execute("DROP TABLE IF EXISTS {0}", name(existing));
                dropped.add(existing);
            }
        }
        return dropped;
    }

    /**
     * Raw rows are written once, so their pages are packed full. 1 h and 1 d rows are updated in place by
     * every run of the rollup job that closes minutes of their bucket; free room on their pages lets
     * PostgreSQL keep the new version on the same page (a HOT update: no new index entry) and prune the old
     * ones there, instead of growing table and index with each run. A 1 m row is written once by the job
     * (again only for a late sample), so it needs little room (and is the largest rollup, kept 30 days).
     */
    static int fillFactor(String table) {
        if (RAW_TABLES.contains(table)) {
            return 100;
        }
        return table.equals(Resolution.MINUTE.table()) ? 80 : 50;
    }

    private static Resolution resolutionOf(String table) {
        if (RAW_TABLES.contains(table)) {
            return Resolution.RAW;
        }
        for (Resolution r : Resolution.values()) {
            if (r.table().equals(table)) {
                return r;
            }
        }
        return null;
    }

    /** For tests and the benchmark: the rows in a table, partitions included. */
    public long count(String table) {
        return dsl.fetchCount(DSL.table(name(table)));
    }
}
