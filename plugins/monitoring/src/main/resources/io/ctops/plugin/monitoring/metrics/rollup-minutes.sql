-- MonitoringRollupJob, normal path: the raw rows of the closed minutes [from, to) of every host, summed
-- per (host, series, minute) into the 1 m rollup, and added to the 1 h and 1 d rollups. Runs in the
-- transaction that moves the 'done' mark from `from` to `to`, so each minute is added exactly once: the
-- 1 h and 1 d rows always hold exactly the 1 m rows before 'done'. A 1 m row of these minutes can only
-- exist if a late sample had it recomputed already; it is replaced by the same sums.
WITH
points (org_id, host_id, ts, series, value) AS (
    SELECT s.org_id, s.host_id, s.ts, v.series, v.value
    FROM monitoring_sample s,
         LATERAL (VALUES ('cpu', s.cpu), ('memory', s.memory), ('swap', s.swap), ('disk', s.disk),
                         ('load1', s.load1), ('load5', s.load5), ('load15', s.load15),
                         ('net.rx', s.net_rx), ('net.tx', s.net_tx)) AS v (series, value)
    WHERE s.ts >= ?::timestamptz AND s.ts < ?::timestamptz AND v.value IS NOT NULL
    UNION ALL
    SELECT org_id, host_id, ts, 'disk:' || mount, used_percent FROM monitoring_disk_sample
    WHERE ts >= ?::timestamptz AND ts < ?::timestamptz AND used_percent IS NOT NULL
    UNION ALL
    SELECT i.org_id, i.host_id, i.ts, v.series, v.value
    FROM monitoring_interface_sample i,
         LATERAL (VALUES ('if.rx:' || i.iface, i.rx_rate), ('if.tx:' || i.iface, i.tx_rate)) AS v (series, value)
    WHERE i.ts >= ?::timestamptz AND i.ts < ?::timestamptz AND v.value IS NOT NULL
),
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
-- ordered by key so that a concurrent recomputation locks rollup rows in the same order (no deadlocks)
up_1m AS (
    INSERT INTO monitoring_rollup_1m AS r (host_id, org_id, series, bucket, n, min, max, sum)
    SELECT * FROM minute ORDER BY host_id, series, bucket
    ON CONFLICT (host_id, series, bucket) DO UPDATE
        SET n = excluded.n, min = excluded.min, max = excluded.max, sum = excluded.sum
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
)
SELECT (SELECT count(*) FROM up_1m) AS minutes, (SELECT count(*) FROM up_1h) AS hours, (SELECT count(*) FROM up_1d) AS days
