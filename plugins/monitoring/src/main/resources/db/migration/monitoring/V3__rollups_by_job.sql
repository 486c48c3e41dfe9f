-- From this version on the consumer writes only the raw rows; MonitoringRollupJob derives the 1 m, 1 h and
-- 1 d rollups from them once a minute is closed (see the plugin's README, "Rollups"). The rollup tables
-- keep their layout and their data: nothing is moved. What the old consumer had rolled up (everything
-- stored before this migration, the current minute included) is taken as done by starting both marks at
-- the next minute; a sample of the current minute that arrives after the upgrade counts as late, and the
-- job then recomputes that host's minute from the raw rows (which hold every sample of it). With no
-- rollup yet (a new installation) there is nothing to take as done: the marks start at the current
-- minute, so that the first heartbeats are not late.

-- Two marks. 'closing': a sample for a minute before it is late. The consumer reads it FOR SHARE in its
-- batch statement, so the job's move of the mark waits for every batch that saw the old value.
-- 'done': every minute before it is in the rollups; charts read raw rows from it on.
CREATE TABLE monitoring_rollup_mark (
    name text        PRIMARY KEY CHECK (name IN ('closing', 'done')),
    at   timestamptz NOT NULL
);
INSERT INTO monitoring_rollup_mark (name, at)
SELECT name, date_bin('1 minute', now(), timestamptz '1970-01-01 00:00:00+00')
           + CASE WHEN EXISTS (SELECT 1 FROM monitoring_rollup_1m) THEN interval '1 minute' ELSE interval '0' END
FROM (VALUES ('closing'), ('done')) AS marks (name);

-- The minutes of each host that got raw rows after the job had closed them (late or buffered samples).
-- Append-only, no key: the job deletes the rows its snapshot sees and recomputes their minutes, a row
-- of a batch not yet committed stays for the next run.
CREATE TABLE monitoring_rollup_late (
    host_id uuid        NOT NULL,
    org_id  uuid        NOT NULL,
    minute  timestamptz NOT NULL
);

-- The job reads the raw rows of a few minutes of all hosts (`ts` in a range, no host): without an index
-- on ts that would read the whole day's partition on every run. BRIN: rows arrive in about time order, so
-- a block range summary excludes nearly all of a partition; it costs the inserts nearly nothing (block
-- ranges not summarized yet, the newest, are always read, which are the ones the job wants), and
-- autosummarize summarizes a range once it is full.
CREATE INDEX monitoring_sample_ts ON monitoring_sample USING brin (ts) WITH (pages_per_range = 16, autosummarize = on);
CREATE INDEX monitoring_disk_sample_ts ON monitoring_disk_sample USING brin (ts) WITH (pages_per_range = 16, autosummarize = on);
CREATE INDEX monitoring_interface_sample_ts ON monitoring_interface_sample USING brin (ts) WITH (pages_per_range = 16, autosummarize = on);
