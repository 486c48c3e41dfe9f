-- Live host status (heartbeats): the interval each host reports at, the latest vitals written in
-- batches, and every online/offline transition.

ALTER TABLE host
    ADD COLUMN heartbeat_interval_secs integer NOT NULL DEFAULT 10 CHECK (heartbeat_interval_secs BETWEEN 1 AND 3600),
    ADD COLUMN agent_version text,
    ADD COLUMN cpu_percent double precision,
    ADD COLUMN memory_percent double precision,
    ADD COLUMN swap_percent double precision,
    ADD COLUMN root_disk_percent double precision,
    ADD COLUMN load1 double precision,
    ADD COLUMN load5 double precision,
    ADD COLUMN load15 double precision,
    ADD COLUMN uptime_secs bigint,
    ADD COLUMN vitals_at timestamptz,
    -- which ingest instance holds the host's stream (several instances share one database)
    ADD COLUMN ingest_instance text;

-- the sweeper's query: online hosts whose last heartbeat is too old
CREATE INDEX host_online_last_seen ON host (last_seen_at) WHERE status = 'online';

CREATE TABLE host_status_history (
    id           bigserial   PRIMARY KEY,
    org_id       uuid        NOT NULL REFERENCES organisation (id),
    host_id      uuid        NOT NULL REFERENCES host (id),
    at           timestamptz NOT NULL DEFAULT now(),
    from_status  text        NOT NULL,
    to_status    text        NOT NULL,
    reason       text        NOT NULL
);
CREATE INDEX host_status_history_host ON host_status_history (host_id, at DESC);
