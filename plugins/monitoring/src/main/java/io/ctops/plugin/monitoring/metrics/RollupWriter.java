package io.ctops.plugin.monitoring.metrics;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives the rollups from the raw rows, with two marks in {@code monitoring_rollup_mark}:
 * <ul>
 * <li>{@code closing}: a raw row for a minute before it is late. Moving it is a transaction of its own
 * that waits for every consumer batch that read the old value ({@code write-batch.sql} reads it
 * FOR SHARE); a batch after the move sees the new value and notes its late host-minutes in
 * {@code monitoring_rollup_late}.</li>
 * <li>{@code done}: the rollups hold every minute before it. Each step rolls up the minutes from
 * {@code done} to at most an hour later ({@code rollup-minutes.sql}), recomputes the noted late minutes
 * and their hours and days, and moves {@code done}, in one transaction: a crash leaves the step undone
 * and the next run does it again, so every row is counted once.</li>
 * </ul>
 * Because the move of {@code closing} committed before a step's snapshot, that snapshot holds every raw
 * row that was not noted as late; a late note's row is visible exactly when its raw rows are (same
 * transaction), and a note the snapshot does not see stays for the next run.
 */
public final class RollupWriter {

    /** At most this much of the backlog per transaction, so catching up after days of downtime stays in steps. */
    static final Duration STEP = Duration.ofHours(1);

    private static final String MINUTES = sql("rollup-minutes.sql");
    private static final String LATE_MINUTES = sql("rollup-late.sql");
    private static final String LATE_HOURS = coarser("monitoring_rollup_1h", "monitoring_rollup_1m", "1 hour");
    private static final String LATE_DAYS = coarser("monitoring_rollup_1d", "monitoring_rollup_1h", "1 day");

    private static final Logger LOG = LoggerFactory.getLogger(RollupWriter.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final DataSource dataSource;

    public RollupWriter(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    /** What a catch-up did: transactions, late host-minutes recomputed, 1 m rows written, and where 'done' is now. */
    public record Progress(int chunks, int lateMinutes, long minuteRows, Instant done) {
    }

    /**
     * Moves 'closing' up to {@code closeBefore} (never back) and rolls up everything before it, provided
     * that closes at least {@code atLeast} of minutes; otherwise only takes the late notes. Each step adds
     * to the 1 h and 1 d rows once per host and series, so closing several minutes at once writes fewer
     * rows than closing them one by one (a 1 m row is written once either way).
     */
    public Progress catchUp(Instant closeBefore, Duration atLeast) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try {
                connection.setAutoCommit(true);
                Instant done = mark(connection, "done");
                Instant closing = moveClosing(connection, closeBefore.isBefore(done.plus(atLeast)) ? done : closeBefore);
                if (closing.isAfter(done)) {
                    summarizeRawRanges(connection, done, closing);
                }
                connection.setAutoCommit(false);
                int chunks = 0;
                int late = 0;
                long rows = 0;
                do {
                    Step step = step(connection, closing);
                    connection.commit();
                    chunks++;
                    late += step.lateMinutes();
                    rows += step.minuteRows();
                    done = step.done();
                } while (done.isBefore(closing));
                return new Progress(chunks, late, rows, done);
            } catch (SQLException | RuntimeException e) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private record Step(Instant done, int lateMinutes, long minuteRows) {
    }

    private static Instant mark(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT at FROM monitoring_rollup_mark WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("monitoring_rollup_mark has no '" + name + "' row");
                }
                return r.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    private static Instant moveClosing(Connection connection, Instant closeBefore) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE monitoring_rollup_mark SET at = greatest(at, ?) WHERE name = 'closing' RETURNING at")) {
            update.setObject(1, utc(closeBefore));
            try (ResultSet r = update.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("monitoring_rollup_mark has no 'closing' row");
                }
                return r.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    /**
     * Summarizes the BRIN ranges of the raw partitions of [from, to) that are not summarized yet, before the
     * steps read those partitions through them: a BRIN scan reads every unsummarized range, whatever its
     * times. Autosummarize alone leaves a range unsummarized until the partition's next vacuum whenever
     * autovacuum's list of requests is full (a 19,000-host benchmark fleet had 941 requests dropped in 10
     * minutes), and an insert-only partition is vacuumed only after it grew by a fifth. Each index in a
     * short transaction of its own that gives up at once when a vacuum holds it: that vacuum summarizes the
     * ranges itself, and waiting for it would have it cancelled. A failure is logged, not thrown: it only
     * makes the steps read more. Returns the ranges summarized.
     */
    public static int summarizeRawRanges(Connection connection, Instant from, Instant to) throws SQLException {
        List<String> partitions = new ArrayList<>();
        for (Instant day = floor(from, Duration.ofDays(1)); day.isBefore(to); day = day.plus(Duration.ofDays(1))) {
            for (String table : MonitoringPartitions.RAW_TABLES) {
                partitions.add(MonitoringPartitions.Partition.covering(table, Resolution.RAW.span(), day).name());
            }
        }
        List<Long> indexes = new ArrayList<>();
        try (PreparedStatement find = connection.prepareStatement("""
                SELECT i.indexrelid::bigint FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_class x ON x.oid = i.indexrelid
                JOIN pg_am a ON a.oid = x.relam
                WHERE a.amname = 'brin' AND t.relname = ANY (?)
                """)) {
            find.setArray(1, connection.createArrayOf("text", partitions.toArray()));
            try (ResultSet r = find.executeQuery()) {
                while (r.next()) {
                    indexes.add(r.getLong(1));
                }
            }
        }
        int summarized = 0;
        for (long index : indexes) {
            connection.setAutoCommit(false);
            try (PreparedStatement timeout = connection.prepareStatement("SET LOCAL lock_timeout = '50ms'");
                 PreparedStatement summarize = connection.prepareStatement(
                         "SELECT brin_summarize_new_values(?::bigint::oid::regclass)")) {
                timeout.execute();
                summarize.setLong(1, index);
                try (ResultSet r = summarize.executeQuery()) {
                    r.next();
                    summarized += r.getInt(1);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    // only a cost: the steps read more, and must not stop rolling up over it
                    LOG.warn("Monitoring rollups: BRIN ranges of index {} not summarized: {}", index, e.toString());
                }
            } finally {
                connection.setAutoCommit(true);
            }
        }
        return summarized;
    }

    /** One transaction: up to {@link #STEP} of closed minutes, then the late minutes before the new 'done'. */
    private static Step step(Connection connection, Instant closing) throws SQLException {
        Instant from;
        // FOR UPDATE: two servers (or a run and a test) never roll the same minutes up at once
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT at FROM monitoring_rollup_mark WHERE name = 'done' FOR UPDATE");
             ResultSet r = lock.executeQuery()) {
            if (!r.next()) {
                throw new IllegalStateException("monitoring_rollup_mark has no 'done' row");
            }
            from = r.getObject(1, OffsetDateTime.class).toInstant();
        }
        Instant to = from.plus(STEP).isBefore(closing) ? from.plus(STEP) : closing;
        long minuteRows = 0;
        if (to.isAfter(from)) {
            try (PreparedStatement minutes = connection.prepareStatement(MINUTES)) {
                for (int i = 0; i < 3; i++) {
                    minutes.setObject(2 * i + 1, utc(from));
                    minutes.setObject(2 * i + 2, utc(to));
                }
                try (ResultSet r = minutes.executeQuery()) {
                    r.next();
                    minuteRows = r.getLong("minutes");
                }
            }
        } else {
            to = from;
        }
        int late = recomputeLate(connection, to);
        try (PreparedStatement mark = connection.prepareStatement(
                "UPDATE monitoring_rollup_mark SET at = ? WHERE name = 'done'")) {
            mark.setObject(1, utc(to));
            mark.executeUpdate();
        }
        return new Step(to, late, minuteRows);
    }

    /**
     * Takes the late notes of minutes before {@code done} that this transaction sees, and recomputes
     * those minutes from the raw rows, then their hours from the minutes and their days from the hours.
     * Notes of later minutes stay: the normal path has not reached them, and will roll them up.
     */
    private static int recomputeLate(Connection connection, Instant done) throws SQLException {
        List<UUID> hosts = new ArrayList<>();
        List<OffsetDateTime> minutes = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        try (PreparedStatement take = connection.prepareStatement(
                "DELETE FROM monitoring_rollup_late WHERE minute < ? RETURNING host_id, minute")) {
            take.setObject(1, utc(done));
            try (ResultSet r = take.executeQuery()) {
                while (r.next()) {
                    hosts.add(r.getObject(1, UUID.class));
                    OffsetDateTime minute = r.getObject(2, OffsetDateTime.class);
                    minutes.add(minute);
                    Instant at = minute.toInstant();
                    first = first == null || at.isBefore(first) ? at : first;
                    last = last == null || at.isAfter(last) ? at : last;
                }
            }
        }
        if (hosts.isEmpty()) {
            return 0;
        }
        // bounds on the partition key, so that only the partitions of these days are read
        Instant from = floor(first, Duration.ofDays(1));
        Instant to = floor(last, Duration.ofDays(1)).plus(Duration.ofDays(1));
        try (PreparedStatement minute = connection.prepareStatement(LATE_MINUTES)) {
            bindLate(connection, minute, hosts, minutes);
            for (int i = 0; i < 3; i++) {
                minute.setObject(3 + 2 * i, utc(from));
                minute.setObject(4 + 2 * i, utc(to));
            }
            minute.executeUpdate();
        }
        for (String sql : List.of(LATE_HOURS, LATE_DAYS)) {
            try (PreparedStatement coarser = connection.prepareStatement(sql)) {
                bindLate(connection, coarser, hosts, minutes);
                coarser.setObject(3, utc(from));
                coarser.setObject(4, utc(to));
                coarser.executeUpdate();
            }
        }
        return hosts.size();
    }

    private static void bindLate(Connection connection, PreparedStatement statement, List<UUID> hosts,
            List<OffsetDateTime> minutes) throws SQLException {
        statement.setArray(1, connection.createArrayOf("uuid", hosts.toArray()));
        statement.setArray(2, connection.createArrayOf("timestamptz", minutes.toArray()));
    }

    /**
     * Recomputes the {@code step} buckets of {@code table} that hold the late minutes from the finer table
     * (replacing them): the finer rows hold every minute before 'done', which is what a coarser row holds.
     * The finer rows are read per (host, day) of the notes (LATERAL: one index range per host and day,
     * the index being (host_id, series, bucket)), and only the noted buckets are summed.
     */
    private static String coarser(String table, String finer, String step) {
        return """
                WITH noted (host_id, minute) AS (
                    SELECT * FROM unnest(?::uuid[], ?::timestamptz[])
                ),
                late (host_id, bucket) AS (
                    SELECT DISTINCT host_id, date_bin('%3$s', minute, timestamptz '1970-01-01 00:00:00+00') FROM noted
                ),
                days (host_id, day) AS (
                    SELECT DISTINCT host_id, date_bin('1 day', minute, timestamptz '1970-01-01 00:00:00+00') FROM noted
                ),
                finer AS (
                    SELECT f.* FROM days d, LATERAL (
                        SELECT * FROM %2$s f
                        WHERE f.host_id = d.host_id AND f.bucket >= d.day AND f.bucket < d.day + interval '1 day'
                          AND f.bucket >= ?::timestamptz AND f.bucket < ?::timestamptz
                    ) AS f
                )
                INSERT INTO %1$s AS r (host_id, org_id, series, bucket, n, min, max, sum)
                SELECT f.host_id, f.org_id, f.series, l.bucket, sum(f.n), min(f.min), max(f.max), sum(f.sum)
                FROM finer f
                JOIN late l ON l.host_id = f.host_id
                    AND l.bucket = date_bin('%3$s', f.bucket, timestamptz '1970-01-01 00:00:00+00')
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4
                ON CONFLICT (host_id, series, bucket) DO UPDATE
                    SET n = excluded.n, min = excluded.min, max = excluded.max, sum = excluded.sum
                """.formatted(table, finer, step);
    }

    private static Instant floor(Instant at, Duration step) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), step.getSeconds()) * step.getSeconds());
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static String sql(String resource) {
        try (InputStream in = RollupWriter.class.getResourceAsStream(resource)) {
            return new String(requireNonNull(in, resource + " is missing").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
