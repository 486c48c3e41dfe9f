package io.ctops.core.users;

import static io.ctops.db.jooq.Tables.API_KEY;
import static io.ctops.db.jooq.Tables.APP_USER;
import static java.util.Objects.requireNonNull;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.audit.AuditLog;
import io.ctops.core.security.Tokens;
import io.ctops.db.jooq.tables.records.ApiKeyRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Per-user API keys for the REST API ({@code Authorization: Bearer ctops_ak_...}). A key acts as its
 * user with the user's current role; it stops working when revoked, expired or when the user is
 * disabled. Keys are random 256-bit secrets kept as SHA-256 (like enrolment tokens).
 */
public final class ApiKeyService {

    static final String PREFIX = "ctops_ak_";
    private static final int SHOWN_PREFIX = PREFIX.length() + 6;
    /** last_used_at is written at most this often per key, so reads do not turn into writes. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final DSLContext dsl;
    private final AuditLog audit;
    private final Clock clock;

    public ApiKeyService(DSLContext dsl, AuditLog audit, Clock clock) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public CreatedApiKey create(Actor actor, String name, Optional<Instant> expiresAt) {
        UUID userId = requireNonNull(actor.userId(), "API keys belong to users");
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw Refusal.invalid("key name must be 1-200 characters");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(clock.instant())) {
            throw Refusal.invalid("key expiry must be in the future");
        }
        String secret = Tokens.random(PREFIX, 32);
        ApiKeyRecord row = dsl.insertInto(API_KEY)
                .set(API_KEY.ORG_ID, actor.orgId())
                .set(API_KEY.USER_ID, userId)
                .set(API_KEY.NAME, trimmed)
                .set(API_KEY.SECRET_SHA256, Tokens.sha256(secret))
                .set(API_KEY.SECRET_PREFIX, secret.substring(0, SHOWN_PREFIX))
                .set(API_KEY.EXPIRES_AT, expiresAt.map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null))
                .set(API_KEY.CREATED_AT, now())
                .returning().fetchOne();
        audit.record(actor.orgId(), actor.name(), "api-key.create", row.getId().toString(), AuditLog.Outcome.OK, "name=" + trimmed);
        return new CreatedApiKey(view(row), secret);
    }

    /** The actor's own keys; an org_admin sees every key of the organisation. */
    public List<ApiKey> list(Actor actor) {
        var condition = API_KEY.ORG_ID.eq(actor.orgId());
        if (!actor.may(Role.ORG_ADMIN)) {
            condition = condition.and(API_KEY.USER_ID.eq(actor.userId()));
        }
        return dsl.selectFrom(API_KEY).where(condition).orderBy(API_KEY.CREATED_AT.desc()).fetch(ApiKeyService::view);
    }

    /** Revokes one of the actor's keys (any key of the organisation for an org_admin). */
    public void revoke(Actor actor, UUID keyId) {
        ApiKeyRecord key = dsl.selectFrom(API_KEY).where(API_KEY.ORG_ID.eq(actor.orgId()), API_KEY.ID.eq(keyId))
                .fetchOptional().orElseThrow(() -> Refusal.notFound("no such API key"));
        if (!key.getUserId().equals(actor.userId())) {
            actor.require(Role.ORG_ADMIN);
        }
        if (key.getRevokedAt() == null) {
            key.setRevokedAt(now());
            key.store();
        }
        audit.record(actor.orgId(), actor.name(), "api-key.revoke", keyId.toString(), AuditLog.Outcome.OK, null);
    }

    /**
     * The actor a presented key acts as.
     *
     * @throws Refusal UNAUTHENTICATED naming why (unknown, revoked, expired, user disabled); the
     *     secret itself never appears in the message
     */
    public Actor authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 128) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "invalid API key");
        }
        var row = dsl.select(API_KEY.ID, API_KEY.REVOKED_AT, API_KEY.EXPIRES_AT, API_KEY.LAST_USED_AT,
                        APP_USER.ID, APP_USER.ORG_ID, APP_USER.ROLE, APP_USER.EMAIL, APP_USER.DISABLED_AT)
                .from(API_KEY).join(APP_USER).on(APP_USER.ID.eq(API_KEY.USER_ID))
                .where(API_KEY.SECRET_SHA256.eq(Tokens.sha256(secret)))
                .fetchOptional()
                .orElseThrow(() -> new Refusal(Refusal.Reason.UNAUTHENTICATED, "invalid API key"));
        Instant now = clock.instant();
        if (row.get(API_KEY.REVOKED_AT) != null) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "API key revoked");
        }
        if (row.get(API_KEY.EXPIRES_AT) != null && !now.isBefore(row.get(API_KEY.EXPIRES_AT).toInstant())) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "API key expired");
        }
        if (row.get(APP_USER.DISABLED_AT) != null) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "the API key's user is disabled");
        }
        OffsetDateTime lastUsed = row.get(API_KEY.LAST_USED_AT);
        if (lastUsed == null || lastUsed.toInstant().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            dsl.update(API_KEY).set(API_KEY.LAST_USED_AT, now.atOffset(ZoneOffset.UTC))
                    .where(API_KEY.ID.eq(row.get(API_KEY.ID))).execute();
        }
        return new Actor(row.get(APP_USER.ID), row.get(APP_USER.ORG_ID), Role.parse(row.get(APP_USER.ROLE)),
                row.get(APP_USER.EMAIL));
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    static ApiKey view(ApiKeyRecord r) {
        return new ApiKey(r.getId(), r.getUserId(), r.getName(), r.getSecretPrefix(),
                Optional.ofNullable(r.getExpiresAt()).map(OffsetDateTime::toInstant), r.getCreatedAt().toInstant(),
                Optional.ofNullable(r.getLastUsedAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getRevokedAt()).map(OffsetDateTime::toInstant));
    }
}
