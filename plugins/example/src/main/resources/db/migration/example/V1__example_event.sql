-- Events the example plugin keeps from the events.raw topic.
CREATE TABLE example_event (
    id          bigserial   PRIMARY KEY,
    org_id      text        NOT NULL,
    host_id     text        NOT NULL,
    kind        text        NOT NULL,
    message     text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    -- a redelivered batch must not duplicate rows
    CONSTRAINT example_event_once UNIQUE (host_id, kind, occurred_at)
);

CREATE INDEX example_event_recent ON example_event (occurred_at DESC);
