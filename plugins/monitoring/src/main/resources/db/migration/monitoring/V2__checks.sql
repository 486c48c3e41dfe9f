-- Health checks defined per host and pushed to its agent (see MonitoringCheckPusher).
CREATE TABLE monitoring_check (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id          uuid        NOT NULL,
    host_id         uuid        NOT NULL,
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    type            text        NOT NULL CHECK (type IN ('port', 'process', 'http')),
    settings        jsonb       NOT NULL,
    interval_secs   integer     NOT NULL CHECK (interval_secs BETWEEN 10 AND 86400),
    enabled         boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- the latest result, for the list and for detecting status changes
    last_state      text,
    last_output     text,
    last_checked_at timestamptz,
    CONSTRAINT monitoring_check_name_once UNIQUE (host_id, name)
);
CREATE INDEX monitoring_check_org_host ON monitoring_check (org_id, host_id);

-- Bumped with every change of a check, so the heartbeat contributor reloads only after a change.
CREATE SEQUENCE monitoring_check_revision;

CREATE TABLE monitoring_check_result (
    check_id    uuid        NOT NULL REFERENCES monitoring_check (id) ON DELETE CASCADE,
    host_id     uuid        NOT NULL,
    checked_at  timestamptz NOT NULL,
    state       text        NOT NULL CHECK (state IN ('OK', 'WARNING', 'CRITICAL', 'UNKNOWN')),
    output      text        NOT NULL,
    duration_ms integer     NOT NULL,
    -- a redelivered result is a no-op
    PRIMARY KEY (check_id, checked_at)
);
CREATE INDEX monitoring_check_result_age ON monitoring_check_result (checked_at);
