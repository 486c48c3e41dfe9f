-- MonitoringRollupJob, late path, step 1 of 3: the minutes of the hosts noted in monitoring_rollup_late,
-- recomputed from all their raw rows (replacing the 1 m rows: a late sample only adds to a minute, so
-- every series it had is recomputed). LATERAL, so that each noted minute is one index range scan of
-- (host_id, ts) per raw table, whatever the planner thinks of the array's size; the bounds (the earliest
-- noted day to the day after the latest) leave out the other days' partitions. Steps 2 and 3 recompute
-- the hours and days around them.
WITH
late (host_id, minute) AS (
    SELECT DISTINCT * FROM unnest(?::uuid[], ?::timestamptz[])
),
points (org_id, host_id, ts, series, value) AS (
    SELECT p.* FROM late l, LATERAL (
        SELECT s.org_id, s.host_id, s.ts, v.series, v.value
        FROM monitoring_sample s,
             LATERAL (VALUES ('cpu', s.cpu), ('memory', s.memory), ('swap', s.swap), ('disk', s.disk),
                             ('load1', s.load1), ('load5', s.load5), ('load15', s.load15),
                             ('net.rx', s.net_rx), ('net.tx', s.net_tx)) AS v (series, value)
        WHERE s.host_id = l.host_id AND s.ts >= l.minute AND s.ts < l.minute + interval '1 minute'
          AND s.ts >= ?::timestamptz AND s.ts < ?::timestamptz AND v.value IS NOT NULL
        UNION ALL
        SELECT d.org_id, d.host_id, d.ts, 'disk:' || d.mount, d.used_percent
        FROM monitoring_disk_sample d
        WHERE d.host_id = l.host_id AND d.ts >= l.minute AND d.ts < l.minute + interval '1 minute'
          AND d.ts >= ?::timestamptz AND d.ts < ?::timestamptz AND d.used_percent IS NOT NULL
        UNION ALL
        SELECT i.org_id, i.host_id, i.ts, v.series, v.value
        FROM monitoring_interface_sample i,
             LATERAL (VALUES ('if.rx:' || i.iface, i.rx_rate), ('if.tx:' || i.iface, i.tx_rate)) AS v (series, value)
        WHERE i.host_id = l.host_id AND i.ts >= l.minute AND i.ts < l.minute + interval '1 minute'
          AND i.ts >= ?::timestamptz AND i.ts < ?::timestamptz AND v.value IS NOT NULL
    ) AS p
)
INSERT INTO monitoring_rollup_1m AS r (host_id, org_id, series, bucket, n, min, max, sum)
SELECT host_id, org_id, series, date_bin('1 minute', ts, timestamptz '1970-01-01 00:00:00+00'),
       count(*), min(value), max(value), sum(value)
FROM points GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4
ON CONFLICT (host_id, series, bucket) DO UPDATE
    SET n = excluded.n, min = excluded.min, max = excluded.max, sum = excluded.sum
