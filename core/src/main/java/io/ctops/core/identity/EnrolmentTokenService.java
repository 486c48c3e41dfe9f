package io.ctops.core.identity;

import static io.ctops.db.jooq.Tables.ENROLMENT_TOKEN;
import static java.util.Objects.requireNonNull;

import io.ctops.core.audit.AuditLog;
import io.ctops.core.security.Tokens;
import io.ctops.db.jooq.tables.records.EnrolmentTokenRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Creates, lists and revokes enrolment tokens, and checks a presented secret at registration.
 * Secrets are random 256-bit strings stored only as their SHA-256 (a slow hash buys nothing for
 * high-entropy secrets and would slow every registration).
 */
public final class EnrolmentTokenService {

    static final String SECRET_PREFIX = "ctops_et_";
    private static final int SHOWN_PREFIX_LENGTH = SECRET_PREFIX.length() + 6;

    private final DSLContext dsl;
    private final AuditLog audit;
    private final Clock clock;

    public EnrolmentTokenService(DSLContext dsl, AuditLog audit, Clock clock) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public CreatedEnrolmentToken create(UUID orgId, NewEnrolmentToken spec, String actor) {
        requireNonNull(orgId, "orgId is null");
        requireNonNull(spec, "spec is null");
        String name = spec.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new IdentityRefusal(IdentityRefusal.Reason.INVALID_ARGUMENT, "token name must be 1-200 characters");
        }
        Instant now = clock.instant();
        if (spec.expiresAt().isPresent() && !spec.expiresAt().get().isAfter(now)) {
            throw new IdentityRefusal(IdentityRefusal.Reason.INVALID_ARGUMENT, "token expiry must be in the future");
        }
        if (spec.maxUses().isPresent() && spec.maxUses().getAsInt() < 1) {
            throw new IdentityRefusal(IdentityRefusal.Reason.INVALID_ARGUMENT, "maximum uses must be at least 1");
        }
        var tags = Tags.validate(spec.tags());
        String secret = Tokens.random(SECRET_PREFIX, 32);
        EnrolmentTokenRecord row = dsl.insertInto(ENROLMENT_TOKEN)
                .set(ENROLMENT_TOKEN.ORG_ID, orgId)
                .set(ENROLMENT_TOKEN.NAME, name)
                .set(ENROLMENT_TOKEN.SECRET_SHA256, Tokens.sha256(secret))
                .set(ENROLMENT_TOKEN.SECRET_PREFIX, secret.substring(0, SHOWN_PREFIX_LENGTH))
                .set(ENROLMENT_TOKEN.AUTO_APPROVE, spec.autoApprove())
                .set(ENROLMENT_TOKEN.EXPIRES_AT, spec.expiresAt().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null))
                .set(ENROLMENT_TOKEN.MAX_USES, spec.maxUses().isPresent() ? spec.maxUses().getAsInt() : null)
                .set(ENROLMENT_TOKEN.TAGS, Tags.toJson(tags))
                .set(ENROLMENT_TOKEN.CREATED_BY, actor)
                .set(ENROLMENT_TOKEN.CREATED_AT, now.atOffset(ZoneOffset.UTC))
                .returning()
                .fetchOne();
        EnrolmentToken token = view(row);
        audit.record(orgId, actor, "enrolment-token.create", token.id().toString(), AuditLog.Outcome.OK,
                "name=" + name + " autoApprove=" + spec.autoApprove());
        return new CreatedEnrolmentToken(token, secret);
    }

    public List<EnrolmentToken> list(UUID orgId) {
        return dsl.selectFrom(ENROLMENT_TOKEN).where(ENROLMENT_TOKEN.ORG_ID.eq(orgId))
                .orderBy(ENROLMENT_TOKEN.CREATED_AT.desc()).fetch(EnrolmentTokenService::view);
    }

    public void revoke(UUID orgId, UUID tokenId, String actor) {
        int updated = dsl.update(ENROLMENT_TOKEN)
                .set(ENROLMENT_TOKEN.REVOKED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(ENROLMENT_TOKEN.ORG_ID.eq(orgId), ENROLMENT_TOKEN.ID.eq(tokenId), ENROLMENT_TOKEN.REVOKED_AT.isNull())
                .execute();
        if (updated == 0 && dsl.fetchCount(ENROLMENT_TOKEN, ENROLMENT_TOKEN.ORG_ID.eq(orgId), ENROLMENT_TOKEN.ID.eq(tokenId)) == 0) {
            throw new IdentityRefusal(IdentityRefusal.Reason.NOT_FOUND, "no such enrolment token");
        }
        audit.record(orgId, actor, "enrolment-token.revoke", tokenId.toString(), AuditLog.Outcome.OK, null);
    }

    /** The token a secret belongs to (not locked: {@link #consume} is the one statement that decides). */
    Optional<EnrolmentTokenRecord> findBySecret(DSLContext dsl, String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX) || secret.length() > 128) {
            return Optional.empty();
        }
        return dsl.selectFrom(ENROLMENT_TOKEN).where(ENROLMENT_TOKEN.SECRET_SHA256.eq(Tokens.sha256(secret))).fetchOptional();
    }

    /**
     * Refuses early, without locking, a token that is revoked, expired or used up as read; the
     * answer can be stale, so {@link #consume} checks again.
     */
    void checkUsable(EnrolmentTokenRecord token) {
        EnrolmentToken view = view(token);
        Instant now = clock.instant();
        if (view.revokedAt().isPresent()) {
            throw new IdentityRefusal(IdentityRefusal.Reason.PERMISSION_DENIED, "enrolment token revoked");
        }
        if (view.expiresAt().isPresent() && !now.isBefore(view.expiresAt().get())) {
            throw new IdentityRefusal(IdentityRefusal.Reason.PERMISSION_DENIED, "enrolment token expired");
        }
        if (view.maxUses().isPresent() && view.uses() >= view.maxUses().getAsInt()) {
            throw new IdentityRefusal(IdentityRefusal.Reason.PERMISSION_DENIED, "enrolment token has no uses left");
        }
    }

    /**
     * Counts one use if the token is still usable, in one conditional UPDATE. Its row lock lasts
     * until the caller's transaction ends, so callers run it last, just before committing: concurrent
     * registrations then wait for each other only that long, and the use limit still holds exactly.
     */
    void consume(DSLContext tx, EnrolmentTokenRecord token) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        int counted = tx.update(ENROLMENT_TOKEN).set(ENROLMENT_TOKEN.USES, ENROLMENT_TOKEN.USES.plus(1))
                .where(ENROLMENT_TOKEN.ID.eq(token.getId()), ENROLMENT_TOKEN.REVOKED_AT.isNull(),
                        ENROLMENT_TOKEN.EXPIRES_AT.isNull().or(ENROLMENT_TOKEN.EXPIRES_AT.gt(now)),
                        ENROLMENT_TOKEN.MAX_USES.isNull().or(ENROLMENT_TOKEN.USES.lt(ENROLMENT_TOKEN.MAX_USES)))
                .execute();
        if (counted == 0) {
            // say why, from the row as it is now
            tx.selectFrom(ENROLMENT_TOKEN).where(ENROLMENT_TOKEN.ID.eq(token.getId())).fetchOptional()
                    .ifPresent(this::checkUsable);
            throw new IdentityRefusal(IdentityRefusal.Reason.PERMISSION_DENIED, "enrolment token has no uses left");
        }
    }

    static EnrolmentToken view(EnrolmentTokenRecord r) {
        return new EnrolmentToken(r.getId(), r.getOrgId(), r.getName(), r.getSecretPrefix(), r.getAutoApprove(),
                Optional.ofNullable(r.getExpiresAt()).map(OffsetDateTime::toInstant),
                r.getMaxUses() == null ? OptionalInt.empty() : OptionalInt.of(r.getMaxUses()),
                r.getUses(), Tags.fromJson(r.getTags()), r.getCreatedAt().toInstant(),
                Optional.ofNullable(r.getRevokedAt()).map(OffsetDateTime::toInstant));
    }
}
