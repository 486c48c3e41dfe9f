-- One statement per batch (one round trip): insert the raw rows, skip the ones already stored, and add
-- only the rows really inserted to the rollups, all in the statement's one transaction. A redelivered
-- batch therefore inserts nothing and changes no rollup. Rows come in as parallel arrays (unnest), so
-- the statement text never changes with the batch size.
WITH
host_in (org_id, host_id, ts, cpu, memory, swap, disk, load1, load5, load15, net_rx, net_tx) AS (
    SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
                         ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[])
),
host_ins AS (
    INSERT INTO monitoring_sample (org_id, host_id, ts, cpu, memory, swap, disk, load1, load5, load15, net_rx, net_tx)
    SELECT * FROM host_in
    ON CONFLICT DO NOTHING
    RETURNING *
),
disk_ins AS (
    INSERT INTO monitoring_disk_sample (org_id, host_id, ts, mount, used_percent, used_bytes, total_bytes)
    SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::text[], ?::float8[], ?::int8[], ?::int8[])
    ON CONFLICT DO NOTHING
    RETURNING *
),
if_ins AS (
    INSERT INTO monitoring_interface_sample (org_id, host_id, ts, iface, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_rate, tx_rate)
    SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
                         ?::float8[], ?::float8[])
    ON CONFLICT DO NOTHING
    RETURNING *
),
points (org_id, host_id, ts, series, value) AS (
    SELECT h.org_id, h.host_id, h.ts, v.series, v.value
    FROM host_ins h,
         LATERAL (VALUES ('cpu', h.cpu), ('memory', h.memory), ('swap', h.swap), ('disk', h.disk),
                         ('load1', h.load1), ('load5', h.load5), ('load15', h.load15),
                         ('net.rx', h.net_rx), ('net.tx', h.net_tx)) AS v (series, value)
    WHERE v.value IS NOT NULL
    UNION ALL
    SELECT org_id, host_id, ts, 'disk:' || mount, used_percent FROM disk_ins WHERE used_percent IS NOT NULL
    UNION ALL
    SELECT org_id, host_id, ts, 'if.rx:' || iface, rx_rate FROM if_ins WHERE rx_rate IS NOT NULL
    UNION ALL
    SELECT org_id, host_id, ts, 'if.tx:' || iface, tx_rate FROM if_ins WHERE tx_rate IS NOT NULL
),
-- The batch's new points are summed per minute once; the hour sums are taken from those minute sums
-- and the day sums from the hour sums (fewer rows to sort than the points whenever a host has several
-- samples in a minute). All of it comes from the rows really inserted, so redelivery still adds nothing.
minute (host_id, org_id, series, bucket, n, min, max, sum) AS (
    SELECT host_id, org_id, series, date_bin('1 minute', ts, timestamptz '1970-01-01 00:00:00+00'),
           count(*), min(value), max(value), sum(value)
    FROM points GROUP BY 1, 2, 3, 4
),
hour (host_id, org_id, series, bucket, n, min, max, sum) AS (
    SELECT host_id, org_id, series, date_bin('1 hour', bucket, timestamptz '1970-01-01 00:00:00+00'),
           sum(n), min(min), max(max), sum(sum)
    FROM minute GROUP BY 1, 2, 3, 4
),
-- ordered by key so that concurrent consumers lock rollup rows in the same order (no deadlocks)
up_1m AS (
    INSERT INTO monitoring_rollup_1m AS r (host_id, org_id, series, bucket, n, min, max, sum)
    SELECT * FROM minute ORDER BY host_id, series, bucket
    ON CONFLICT (host_id, series, bucket) DO UPDATE
        SET n = r.n + excluded.n, min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
            sum = r.sum + excluded.sum
    RETURNING 1
),
up_1h AS (
    INSERT INTO monitoring_rollup_1h AS r (host_id, org_id, series, bucket, n, min, max, sum)
    SELECT * FROM hour ORDER BY host_id, series, bucket
    ON CONFLICT (host_id, series, bucket) DO UPDATE
        SET n = r.n + excluded.n, min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
            sum = r.sum + excluded.sum
    RETURNING 1
),
up_1d AS (
    INSERT INTO monitoring_rollup_1d AS r (host_id, org_id, series, bucket, n, min, max, sum)
    SELECT host_id, org_id, series, date_bin('1 day', bucket, timestamptz '1970-01-01 00:00:00+00'),
           sum(n), min(min), max(max), sum(sum)
    FROM hour GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4
    ON CONFLICT (host_id, series, bucket) DO UPDATE
        SET n = r.n + excluded.n, min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
            sum = r.sum + excluded.sum
    RETURNING 1
),
-- counters: the reasons found before the database (Java side) plus the duplicates only the database sees
counted AS (
    INSERT INTO monitoring_input_counter AS c (name, total)
    SELECT name, sum(n) FROM (
        SELECT * FROM unnest(?::text[], ?::int8[]) AS given (name, n)
        UNION ALL SELECT 'sample.accepted', (SELECT count(*) FROM host_ins)
        UNION ALL SELECT 'sample.duplicate', (SELECT count(*) FROM host_in) - (SELECT count(*) FROM host_ins)
    ) AS all_counts (name, n)
    WHERE n > 0
    GROUP BY name
    ON CONFLICT (name) DO UPDATE SET total = c.total + excluded.total
    RETURNING 1
)
SELECT (SELECT count(*) FROM host_ins) AS inserted,
       (SELECT count(*) FROM up_1m) + (SELECT count(*) FROM up_1h) + (SELECT count(*) FROM up_1d)
           + (SELECT count(*) FROM counted) AS touched
