-- Agent identity (DESIGN section 4): enrolment tokens, hosts, agents, the agent CA and the ingest
-- TLS certificate, JWT signing keys, issued/revoked certificates, status history and the audit log.

CREATE TABLE enrolment_token (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id         uuid        NOT NULL REFERENCES organisation (id),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- only the SHA-256 of the secret is kept; the secret is shown once at creation
    secret_sha256  bytea       NOT NULL UNIQUE,
    secret_prefix  text        NOT NULL,
    auto_approve   boolean     NOT NULL DEFAULT false,
    expires_at     timestamptz,
    max_uses       integer     CHECK (max_uses > 0),
    uses           integer     NOT NULL DEFAULT 0,
    tags           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz
);
CREATE INDEX enrolment_token_org ON enrolment_token (org_id, created_at DESC);

CREATE TABLE host (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        uuid        NOT NULL REFERENCES organisation (id),
    hostname      text        NOT NULL CHECK (length(hostname) BETWEEN 1 AND 255),
    os            text,
    os_version    text,
    arch          text,
    kernel        text,
    ip_addresses  text[]      NOT NULL DEFAULT '{}',
    tags          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status        text        NOT NULL DEFAULT 'never_seen' CHECK (status IN ('never_seen', 'online', 'offline')),
    last_seen_at  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz
);
CREATE INDEX host_org_hostname ON host (org_id, lower(hostname)) WHERE deleted_at IS NULL;
CREATE INDEX host_org_ips ON host USING gin (ip_addresses) WHERE deleted_at IS NULL;

CREATE TABLE agent (
    id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id              uuid        NOT NULL REFERENCES organisation (id),
    host_id             uuid        NOT NULL REFERENCES host (id),
    status              text        NOT NULL CHECK (status IN ('pending', 'active', 'revoked')),
    public_key_pem      text        NOT NULL,
    key_fingerprint     text        NOT NULL UNIQUE,
    -- the CSR waiting for approval (DER)
    pending_csr         bytea,
    enrolment_token_id  uuid        REFERENCES enrolment_token (id),
    agent_version       text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    approved_at         timestamptz,
    revoked_at          timestamptz
);
CREATE INDEX agent_org_status ON agent (org_id, status);
CREATE INDEX agent_host ON agent (host_id);

CREATE TABLE agent_status_history (
    id           bigserial   PRIMARY KEY,
    org_id       uuid        NOT NULL REFERENCES organisation (id),
    agent_id     uuid        NOT NULL REFERENCES agent (id),
    at           timestamptz NOT NULL DEFAULT now(),
    from_status  text,
    to_status    text        NOT NULL,
    reason       text        NOT NULL
);
CREATE INDEX agent_status_history_agent ON agent_status_history (agent_id, at DESC);

-- Key material the server keeps: the agent CA (active and retired ones) and the ingest TLS
-- certificate. Private keys are sealed with AES-256-GCM under a key derived from CT_OPS_SECRET.
CREATE TABLE stored_certificate (
    id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    purpose             text        NOT NULL CHECK (purpose IN ('agent-ca', 'ingest-tls')),
    origin              text        NOT NULL CHECK (origin IN ('generated', 'operator')),
    certificate_pem     text        NOT NULL,
    private_key_sealed  bytea       NOT NULL,
    not_after           timestamptz NOT NULL,
    active              boolean     NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    retired_at          timestamptz
);
CREATE UNIQUE INDEX stored_certificate_one_active ON stored_certificate (purpose) WHERE active;

CREATE TABLE jwt_signing_key (
    key_id              text        PRIMARY KEY,
    private_key_sealed  bytea       NOT NULL,
    public_key_der      bytea       NOT NULL,
    active              boolean     NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    retired_at          timestamptz
);
CREATE UNIQUE INDEX jwt_signing_key_one_active ON jwt_signing_key (active) WHERE active;

CREATE TABLE issued_certificate (
    serial           text        PRIMARY KEY,
    org_id           uuid        NOT NULL REFERENCES organisation (id),
    agent_id         uuid        NOT NULL REFERENCES agent (id),
    ca_id            uuid        NOT NULL REFERENCES stored_certificate (id),
    certificate_der  bytea       NOT NULL,
    not_before       timestamptz NOT NULL,
    not_after        timestamptz NOT NULL,
    issued_at        timestamptz NOT NULL DEFAULT now(),
    revoked_at       timestamptz,
    revoke_reason    text
);
CREATE INDEX issued_certificate_agent ON issued_certificate (agent_id, not_after DESC);
CREATE INDEX issued_certificate_revoked ON issued_certificate (revoked_at) WHERE revoked_at IS NOT NULL;

CREATE TABLE audit_log (
    id       bigserial   PRIMARY KEY,
    org_id   uuid        REFERENCES organisation (id),
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text        NOT NULL,
    action   text        NOT NULL,
    target   text,
    outcome  text        NOT NULL CHECK (outcome IN ('ok', 'refused', 'error')),
    detail   text
);
CREATE INDEX audit_log_org_at ON audit_log (org_id, at DESC);
