package io.ctops.core.users;

import static io.ctops.db.jooq.Tables.APP_USER;
import static io.ctops.db.jooq.Tables.RECOVERY_CODE;
import static io.ctops.db.jooq.Tables.SIGN_IN_ATTEMPT;
import static java.util.Objects.requireNonNull;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.audit.AuditLog;
import io.ctops.core.security.SecretBox;
import io.ctops.core.security.Tokens;
import io.ctops.db.jooq.tables.records.AppUserRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Signs users in: e-mail and password, then the TOTP code (or a recovery code) when the user has the
 * second factor on. Failed attempts are throttled per account and per client address, counted in
 * the database so every web instance sees them. Wrong e-mail and wrong password get the same answer
 * in about the same time, so the form cannot be used to find out which addresses exist.
 */
public final class SignInService {

    /** Failures within {@link #WINDOW} after which an account is refused until they age out. */
    static final int MAX_ACCOUNT_FAILURES = 5;
    /** Failures within {@link #WINDOW} after which an address is refused (many accounts, one attacker). */
    static final int MAX_ADDRESS_FAILURES = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final String WRONG = "wrong e-mail address or password";

    private final DSLContext dsl;
    private final PasswordHasher hasher;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final Clock clock;
    private final String decoyHash;

    public SignInService(DSLContext dsl, PasswordHasher hasher, SecretBox secrets, AuditLog audit, Clock clock) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.decoyHash = hasher.decoy();
    }

    /** The first step's outcome: signed in, or the second factor is still needed. */
    public sealed interface Step permits SignedIn, SecondFactorNeeded {
    }

    public record SignedIn(Actor actor) implements Step {
    }

    /** The password was right; {@code userId} must now prove the second factor. */
    public record SecondFactorNeeded(UUID userId) implements Step {
    }

    /**
     * Checks e-mail and password.
     *
     * @throws Refusal UNAUTHENTICATED for a wrong address or password or a disabled account,
     *     THROTTLED after too many failures
     */
    public Step signIn(String email, String password, String address) {
        String who = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        String from = address == null ? "unknown" : address;
        if (who.length() > 254) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, WRONG);
        }
        throttle(who, from);
        Optional<AppUserRecord> found = dsl.selectFrom(APP_USER).where(DSL.lower(APP_USER.EMAIL).eq(who)).fetchOptional();
        String candidate = password == null ? "" : password;
        boolean matches = hasher.verify(candidate, found.map(AppUserRecord::getPasswordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches) {
            fail(who, from, found.map(AppUserRecord::getOrgId).orElse(null), "wrong password or unknown user");
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, WRONG);
        }
        AppUserRecord user = found.get();
        if (user.getDisabledAt() != null) {
            fail(who, from, user.getOrgId(), "account disabled");
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "this account is disabled; ask an administrator");
        }
        if (user.getTotpEnabledAt() != null) {
            return new SecondFactorNeeded(user.getId());
        }
        return new SignedIn(succeed(user, from));
    }

    /**
     * Checks the second factor: a current TOTP code not used before, or an unused recovery code.
     *
     * @throws Refusal UNAUTHENTICATED for a wrong or replayed code, THROTTLED after too many failures
     */
    public SignedIn secondFactor(UUID userId, String code, String address) {
        String from = address == null ? "unknown" : address;
        AppUserRecord user = dsl.selectFrom(APP_USER).where(APP_USER.ID.eq(requireNonNull(userId, "userId is null")))
                .fetchOptional().orElseThrow(() -> new Refusal(Refusal.Reason.UNAUTHENTICATED, "sign in again"));
        throttle(user.getEmail(), from);
        if (user.getDisabledAt() != null || user.getTotpEnabledAt() == null) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "sign in again");
        }
        String entered = code == null ? "" : code.strip();
        if (entered.matches("\\d{6}")) {
            byte[] secret = secrets.open(user.getTotpSecretSealed(), UserService.TOTP_CONTEXT);
            long last = user.getTotpLastStep() == null ? -1 : user.getTotpLastStep();
            var step = Totp.verify(secret, entered, clock.instant(), last);
            // the conditional update makes a code usable once even when two requests race
            if (step.isPresent() && dsl.update(APP_USER).set(APP_USER.TOTP_LAST_STEP, step.getAsLong())
                    .where(APP_USER.ID.eq(userId), APP_USER.TOTP_LAST_STEP.isNull().or(APP_USER.TOTP_LAST_STEP.lt(step.getAsLong())))
                    .execute() == 1) {
                return new SignedIn(succeed(user, from));
            }
        } else if (!entered.isEmpty()) {
            int used = dsl.update(RECOVERY_CODE).set(RECOVERY_CODE.USED_AT, now())
                    .where(RECOVERY_CODE.USER_ID.eq(userId),
                            RECOVERY_CODE.CODE_SHA256.eq(Tokens.sha256(entered.toLowerCase(Locale.ROOT))),
                            RECOVERY_CODE.USED_AT.isNull())
                    .execute();
            if (used == 1) {
                audit.record(user.getOrgId(), user.getEmail(), "sign-in.recovery-code", user.getId().toString(),
                        AuditLog.Outcome.OK, null);
                return new SignedIn(succeed(user, from));
            }
        }
        fail(user.getEmail(), from, user.getOrgId(), "wrong or reused second-factor code");
        throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "wrong or already used code");
    }

    private void throttle(String email, String address) {
        OffsetDateTime since = clock.instant().minus(WINDOW).atOffset(ZoneOffset.UTC);
        int byAccount = dsl.fetchCount(SIGN_IN_ATTEMPT, DSL.lower(SIGN_IN_ATTEMPT.EMAIL).eq(email),
                SIGN_IN_ATTEMPT.SUCCESS.isFalse(), SIGN_IN_ATTEMPT.AT.gt(since));
        int byAddress = dsl.fetchCount(SIGN_IN_ATTEMPT, SIGN_IN_ATTEMPT.ADDRESS.eq(address),
                SIGN_IN_ATTEMPT.SUCCESS.isFalse(), SIGN_IN_ATTEMPT.AT.gt(since));
        if (byAccount >= MAX_ACCOUNT_FAILURES || byAddress >= MAX_ADDRESS_FAILURES) {
            throw new Refusal(Refusal.Reason.THROTTLED, "too many failed sign-ins; try again in "
                    + WINDOW.toMinutes() + " minutes");
        }
    }

    /**
     * Deletes the attempts that no longer count towards throttling (older than the window), so the
     * table holds minutes of sign-ins, not years; the audit log keeps the history. Returns how many went.
     */
    public int forgetExpiredAttempts() {
        return dsl.deleteFrom(SIGN_IN_ATTEMPT).where(SIGN_IN_ATTEMPT.AT.lt(now().minus(WINDOW))).execute();
    }

    private void fail(String email, String address, UUID orgId, String why) {
        record(email, address, false);
        audit.record(orgId, email.isEmpty() ? "anonymous" : email, "sign-in", null, AuditLog.Outcome.REFUSED,
                why + " from " + address);
    }

    private Actor succeed(AppUserRecord user, String address) {
        record(user.getEmail(), address, true);
        // a success clears the account's failures so a user who finally typed it right is not locked later
        dsl.deleteFrom(SIGN_IN_ATTEMPT).where(DSL.lower(SIGN_IN_ATTEMPT.EMAIL).eq(user.getEmail().toLowerCase(Locale.ROOT)),
                SIGN_IN_ATTEMPT.SUCCESS.isFalse()).execute();
        dsl.update(APP_USER).set(APP_USER.LAST_SIGN_IN_AT, now()).where(APP_USER.ID.eq(user.getId())).execute();
        audit.record(user.getOrgId(), user.getEmail(), "sign-in", user.getId().toString(), AuditLog.Outcome.OK, "from " + address);
        return new Actor(user.getId(), user.getOrgId(), Role.parse(user.getRole()), user.getEmail());
    }

    private void record(String email, String address, boolean success) {
        dsl.insertInto(SIGN_IN_ATTEMPT).set(SIGN_IN_ATTEMPT.EMAIL, email.length() > 254 ? email.substring(0, 254) : email)
                .set(SIGN_IN_ATTEMPT.ADDRESS, address).set(SIGN_IN_ATTEMPT.SUCCESS, success)
                .set(SIGN_IN_ATTEMPT.AT, now()).execute();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
