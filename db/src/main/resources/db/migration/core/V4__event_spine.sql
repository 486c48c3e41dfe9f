-- The event spine: one row per thing that happened (host status transitions from agent.status,
-- events.raw from agents and plugins), read by the UI and by plugins.

CREATE TABLE event (
    id        bigserial   PRIMARY KEY,
    org_id    uuid        NOT NULL REFERENCES organisation (id),
    host_id   uuid        REFERENCES host (id),
    kind      text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    at        timestamptz NOT NULL,
    summary   text        NOT NULL,
    payload   jsonb       NOT NULL,
    -- topic and position the event came from: a redelivered record is stored once
    source    text        NOT NULL UNIQUE
);
CREATE INDEX event_org_at ON event (org_id, at DESC);
CREATE INDEX event_host_at ON event (host_id, at DESC) WHERE host_id IS NOT NULL;
