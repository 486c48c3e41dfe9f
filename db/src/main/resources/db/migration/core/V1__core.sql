-- CT-Ops core schema, version 1.

-- Each plugin's enabled flag and last lifecycle state, so a disabled plugin stays disabled
-- across restarts.
CREATE TABLE plugin_state (
    plugin_id  text        PRIMARY KEY,
    version    text,
    enabled    boolean     NOT NULL DEFAULT true,
    state      text        NOT NULL,
    reason     text,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organisation (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
