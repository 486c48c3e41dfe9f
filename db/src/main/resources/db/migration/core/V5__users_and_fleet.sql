-- Operators and the fleet inventory (DESIGN section 8): users with roles and optional TOTP, their
-- API keys, sign-in attempts for throttling, host display names, groups and a tag catalogue.

CREATE TABLE app_user (
    id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id               uuid        NOT NULL REFERENCES organisation (id),
    email                text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    display_name         text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    role                 text        NOT NULL CHECK (role IN ('super_admin', 'org_admin', 'engineer', 'read_only')),
    -- Argon2id in PHC string form
    password_hash        text        NOT NULL,
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    -- the TOTP secret sealed with the server secret; set while enrolling, confirmed when totp_enabled_at is set
    totp_secret_sealed   bytea,
    totp_enabled_at      timestamptz,
    -- the last accepted time step, so one code cannot be used twice
    totp_last_step       bigint,
    created_at           timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at      timestamptz,
    disabled_at          timestamptz
);
-- e-mail addresses are unique across organisations: sign-in names the user by address alone
CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));
CREATE INDEX app_user_org ON app_user (org_id, lower(email));

CREATE TABLE recovery_code (
    user_id      uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    code_sha256  bytea       NOT NULL,
    used_at      timestamptz,
    PRIMARY KEY (user_id, code_sha256)
);

CREATE TABLE api_key (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id         uuid        NOT NULL REFERENCES organisation (id),
    user_id        uuid        NOT NULL REFERENCES app_user (id),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    secret_sha256  bytea       NOT NULL UNIQUE,
    secret_prefix  text        NOT NULL,
    expires_at     timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz,
    revoked_at     timestamptz
);
CREATE INDEX api_key_user ON api_key (user_id, created_at DESC);

-- failed and successful sign-ins, kept for throttling (per account and per address) and review;
-- a table rather than memory so several web instances share one count
CREATE TABLE sign_in_attempt (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    email     text        NOT NULL,
    address   text        NOT NULL,
    success   boolean     NOT NULL
);
CREATE INDEX sign_in_attempt_email ON sign_in_attempt (lower(email), at DESC) WHERE NOT success;
CREATE INDEX sign_in_attempt_address ON sign_in_attempt (address, at DESC) WHERE NOT success;

ALTER TABLE host ADD COLUMN display_name text CHECK (length(display_name) <= 255);

CREATE TABLE host_group (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id      uuid        NOT NULL REFERENCES organisation (id),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX host_group_org_name ON host_group (org_id, lower(name));

CREATE TABLE host_group_member (
    group_id  uuid NOT NULL REFERENCES host_group (id) ON DELETE CASCADE,
    host_id   uuid NOT NULL REFERENCES host (id),
    PRIMARY KEY (group_id, host_id)
);
CREATE INDEX host_group_member_host ON host_group_member (host_id);

-- the hosts list filters and sorts on these
CREATE INDEX host_org_status ON host (org_id, status) WHERE deleted_at IS NULL;
CREATE INDEX host_org_os ON host (org_id, os) WHERE deleted_at IS NULL;
CREATE INDEX host_tags ON host USING gin (tags jsonb_path_ops) WHERE deleted_at IS NULL;
