-- One statement per batch (one round trip): insert the raw rows, skip the ones already stored, and note
-- the late ones among the rows really inserted, all in the statement's one transaction. A redelivered
-- batch therefore inserts nothing, notes nothing and so changes no rollup. Rows come in as parallel arrays (unnest), so
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
-- Rollups are not written here: MonitoringRollupJob derives them from the raw rows once a minute is
-- closed. A new row for a minute the job has already closed (a late sample) is noted in
-- monitoring_rollup_late, and the job recomputes that minute of that host from the raw rows. The mark
-- is read FOR SHARE: the job's move of 'closing' waits for this statement's transaction, and a move
-- committed while this statement waited is seen here (READ COMMITTED re-reads a locked row's newest version).
mark AS MATERIALIZED (
    SELECT at FROM monitoring_rollup_mark WHERE name = 'closing' FOR SHARE
),
late AS (
    INSERT INTO monitoring_rollup_late (host_id, org_id, minute)
    SELECT DISTINCT i.host_id, i.org_id, date_bin('1 minute', i.ts, timestamptz '1970-01-01 00:00:00+00')
    FROM (SELECT host_id, org_id, ts FROM host_ins
          UNION ALL SELECT host_id, org_id, ts FROM disk_ins
          UNION ALL SELECT host_id, org_id, ts FROM if_ins) AS i, mark
    WHERE i.ts < mark.at
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
       (SELECT count(*) FROM late) AS late,
       (SELECT count(*) FROM counted) AS counted,
       (SELECT at FROM mark) AS closing
