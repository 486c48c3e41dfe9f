package io.ctops.core.users;

import static io.ctops.db.jooq.Tables.APP_USER;
import static io.ctops.db.jooq.Tables.ORGANISATION;
import static io.ctops.db.jooq.Tables.RECOVERY_CODE;
import static java.util.Objects.requireNonNull;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.audit.AuditLog;
import io.ctops.core.security.SecretBox;
import io.ctops.core.security.Tokens;
import io.ctops.db.jooq.tables.records.AppUserRecord;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Users of an organisation: first-run setup, creation by an admin, roles, disabling, passwords and
 * the TOTP second factor. Every method that acts for someone takes the {@link Actor} and checks its
 * role and organisation; nothing crosses organisations.
 */
public final class UserService {

    static final String TOTP_CONTEXT = "user-totp";
    private static final int RECOVERY_CODES = 10;

    private final DSLContext dsl;
    private final PasswordHasher hasher;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(DSLContext dsl, PasswordHasher hasher, SecretBox secrets, AuditLog audit, Clock clock) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** True until the first user exists: the UI then offers the setup page. */
    public boolean needsSetup() {
        return !dsl.fetchExists(APP_USER);
    }

    /**
     * Creates the first organisation and its super_admin. Refused once any user exists, also when
     * two setups race (the advisory lock serialises them).
     */
    public User setUp(String organisationName, String email, String displayName, String password) {
        String orgName = organisationName == null ? "" : organisationName.strip();
        if (orgName.isEmpty() || orgName.length() > 200) {
            throw Refusal.invalid("organisation name must be 1-200 characters");
        }
        String address = Emails.normalise(email);
        PasswordPolicy.check(password, address);
        String name = displayName(displayName, address);
        String hash = hasher.hash(password);
        User created = dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.execute("SELECT pg_advisory_xact_lock(hashtext('ctops.setup'))");
            if (tx.fetchExists(APP_USER)) {
                throw new Refusal(Refusal.Reason.CONFLICT, "set-up is already done; sign in instead");
            }
            UUID orgId = tx.select(ORGANISATION.ID).from(ORGANISATION).where(ORGANISATION.NAME.eq(orgName))
                    .fetchOptional(ORGANISATION.ID)
                    .orElseGet(() -> tx.insertInto(ORGANISATION).set(ORGANISATION.NAME, orgName)
                            .returning(ORGANISATION.ID).fetchOne(ORGANISATION.ID));
            return insert(tx, orgId, address, name, Role.SUPER_ADMIN, hash);
        });
        audit.record(created.orgId(), address, "setup", created.id().toString(), AuditLog.Outcome.OK,
                "organisation=" + orgName);
        return created;
    }

    /** Creates a user in the actor's organisation; nobody grants a role above their own. */
    public User create(Actor actor, NewUser spec) {
        actor.require(Role.ORG_ADMIN);
        requireNonNull(spec, "spec is null");
        String address = Emails.normalise(spec.email());
        Role role = spec.role() == null ? Role.READ_ONLY : spec.role();
        if (!actor.may(role)) {
            throw new Refusal(Refusal.Reason.FORBIDDEN, "you cannot grant the " + role.id() + " role");
        }
        PasswordPolicy.check(spec.password(), address);
        String hash = hasher.hash(spec.password());
        try {
            User user = insert(dsl, actor.orgId(), address, displayName(spec.displayName(), address), role, hash);
            audit.record(actor.orgId(), actor.name(), "user.create", user.id().toString(), AuditLog.Outcome.OK,
                    "email=" + address + " role=" + role.id());
            return user;
        } catch (IntegrityConstraintViolationException e) {
            throw new Refusal(Refusal.Reason.CONFLICT, "a user with this e-mail address already exists");
        }
    }

    public List<User> list(Actor actor) {
        actor.require(Role.ORG_ADMIN);
        return dsl.selectFrom(APP_USER).where(APP_USER.ORG_ID.eq(actor.orgId()))
                .orderBy(APP_USER.EMAIL).fetch(UserService::view);
    }

    /** The actor's own record, or one of its organisation's users for an admin. */
    public User get(Actor actor, UUID userId) {
        if (!userId.equals(actor.userId())) {
            actor.require(Role.ORG_ADMIN);
        }
        return view(row(actor.orgId(), userId));
    }

    public User changeRole(Actor actor, UUID userId, Role role) {
        actor.require(Role.ORG_ADMIN);
        requireNonNull(role, "role is null");
        AppUserRecord user = row(actor.orgId(), userId);
        Role current = Role.parse(user.getRole());
        if (!actor.may(role) || !actor.may(current)) {
            throw new Refusal(Refusal.Reason.FORBIDDEN, "you cannot change a " + current.id() + " to " + role.id());
        }
        if (userId.equals(actor.userId()) && role != current) {
            throw new Refusal(Refusal.Reason.CONFLICT, "you cannot change your own role");
        }
        user.setRole(role.id());
        user.store();
        audit.record(actor.orgId(), actor.name(), "user.role", userId.toString(), AuditLog.Outcome.OK,
                current.id() + " -> " + role.id());
        return view(user);
    }

    /** Disables (or enables again) a user: a disabled user cannot sign in and its API keys stop working. */
    public User setDisabled(Actor actor, UUID userId, boolean disabled) {
        actor.require(Role.ORG_ADMIN);
        AppUserRecord user = row(actor.orgId(), userId);
        if (userId.equals(actor.userId())) {
            throw new Refusal(Refusal.Reason.CONFLICT, "you cannot disable yourself");
        }
        if (!actor.may(Role.parse(user.getRole()))) {
            throw new Refusal(Refusal.Reason.FORBIDDEN, "you cannot disable a " + user.getRole());
        }
        user.setDisabledAt(disabled ? now() : null);
        user.store();
        audit.record(actor.orgId(), actor.name(), disabled ? "user.disable" : "user.enable", userId.toString(),
                AuditLog.Outcome.OK, null);
        return view(user);
    }

    /** The owner changes its password, proving the current one. */
    public void changePassword(Actor actor, String current, String replacement) {
        AppUserRecord user = row(actor.orgId(), requireNonNull(actor.userId(), "actor is not a user"));
        if (!hasher.verify(current == null ? "" : current, user.getPasswordHash())) {
            audit.record(actor.orgId(), actor.name(), "user.password", user.getId().toString(), AuditLog.Outcome.REFUSED,
                    "current password wrong");
            throw Refusal.invalid("the current password is wrong");
        }
        PasswordPolicy.check(replacement, user.getEmail());
        if (replacement.equals(current)) {
            throw Refusal.invalid("the new password must differ from the current one");
        }
        user.setPasswordHash(hasher.hash(replacement));
        user.setPasswordChangedAt(now());
        user.store();
        audit.record(actor.orgId(), actor.name(), "user.password", user.getId().toString(), AuditLog.Outcome.OK, null);
    }

    /** Starts TOTP enrolment: a new secret, kept sealed until a first code confirms it. */
    public TotpEnrolment startTotp(Actor actor) {
        AppUserRecord user = row(actor.orgId(), requireNonNull(actor.userId(), "actor is not a user"));
        if (user.getTotpEnabledAt() != null) {
            throw new Refusal(Refusal.Reason.CONFLICT, "two-factor sign-in is already on; turn it off first");
        }
        byte[] secret = Totp.newSecret();
        user.setTotpSecretSealed(secrets.seal(secret, TOTP_CONTEXT));
        user.store();
        return new TotpEnrolment(Totp.base32(secret), Totp.uri("CT-Ops", user.getEmail(), secret));
    }

    /** Confirms enrolment with a code from the app; answers the recovery codes, shown once. */
    public List<String> confirmTotp(Actor actor, String code) {
        AppUserRecord user = row(actor.orgId(), requireNonNull(actor.userId(), "actor is not a user"));
        if (user.getTotpSecretSealed() == null || user.getTotpEnabledAt() != null) {
            throw new Refusal(Refusal.Reason.CONFLICT, "start two-factor enrolment first");
        }
        byte[] secret = secrets.open(user.getTotpSecretSealed(), TOTP_CONTEXT);
        var step = Totp.verify(secret, code, clock.instant(), -1);
        if (step.isEmpty()) {
            throw Refusal.invalid("the code does not match; check the time on your device and try the next code");
        }
        List<String> codes = new ArrayList<>();
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.deleteFrom(RECOVERY_CODE).where(RECOVERY_CODE.USER_ID.eq(user.getId())).execute();
            for (int i = 0; i < RECOVERY_CODES; i++) {
                String recovery = Tokens.random("", 8).replace("-", "x").replace("_", "y").toLowerCase(java.util.Locale.ROOT);
                codes.add(recovery);
                tx.insertInto(RECOVERY_CODE).set(RECOVERY_CODE.USER_ID, user.getId())
                        .set(RECOVERY_CODE.CODE_SHA256, Tokens.sha256(recovery)).execute();
            }
            tx.update(APP_USER).set(APP_USER.TOTP_ENABLED_AT, now()).set(APP_USER.TOTP_LAST_STEP, step.getAsLong())
                    .where(APP_USER.ID.eq(user.getId())).execute();
        });
        audit.record(actor.orgId(), actor.name(), "user.totp.enable", user.getId().toString(), AuditLog.Outcome.OK, null);
        return codes;
    }

    /** Turns the second factor off, proving the password. */
    public void disableTotp(Actor actor, String password) {
        AppUserRecord user = row(actor.orgId(), requireNonNull(actor.userId(), "actor is not a user"));
        if (!hasher.verify(password == null ? "" : password, user.getPasswordHash())) {
            throw Refusal.invalid("the password is wrong");
        }
        dsl.transaction(cfg -> {
            cfg.dsl().deleteFrom(RECOVERY_CODE).where(RECOVERY_CODE.USER_ID.eq(user.getId())).execute();
            cfg.dsl().update(APP_USER).setNull(APP_USER.TOTP_SECRET_SEALED).setNull(APP_USER.TOTP_ENABLED_AT)
                    .setNull(APP_USER.TOTP_LAST_STEP).where(APP_USER.ID.eq(user.getId())).execute();
        });
        audit.record(actor.orgId(), actor.name(), "user.totp.disable", user.getId().toString(), AuditLog.Outcome.OK, null);
    }

    /** The actor a signed-in user acts as, re-read so a role change or disabling takes effect at once. */
    public Optional<Actor> actor(UUID userId) {
        return dsl.selectFrom(APP_USER).where(APP_USER.ID.eq(userId), APP_USER.DISABLED_AT.isNull())
                .fetchOptional()
                .map(u -> new Actor(u.getId(), u.getOrgId(), Role.parse(u.getRole()), u.getEmail()));
    }

    /** The name of an organisation, for the page header. */
    public String organisationName(UUID orgId) {
        return dsl.select(ORGANISATION.NAME).from(ORGANISATION).where(ORGANISATION.ID.eq(orgId))
                .fetchOptional(ORGANISATION.NAME).orElse("");
    }

    private AppUserRecord row(UUID orgId, UUID userId) {
        return dsl.selectFrom(APP_USER).where(APP_USER.ORG_ID.eq(orgId), APP_USER.ID.eq(requireNonNull(userId, "userId is null")))
                .fetchOptional().orElseThrow(() -> Refusal.notFound("no such user"));
    }

    private User insert(DSLContext tx, UUID orgId, String email, String displayName, Role role, String hash) {
        AppUserRecord row = tx.insertInto(APP_USER)
                .set(APP_USER.ORG_ID, orgId)
                .set(APP_USER.EMAIL, email)
                .set(APP_USER.DISPLAY_NAME, displayName)
                .set(APP_USER.ROLE, role.id())
                .set(APP_USER.PASSWORD_HASH, hash)
                .set(APP_USER.CREATED_AT, now())
                .returning().fetchOne();
        return view(row);
    }

    private static String displayName(String given, String email) {
        String name = given == null ? "" : given.strip();
        if (name.length() > 200) {
            throw Refusal.invalid("display name must be at most 200 characters");
        }
        return name.isEmpty() ? email.split("@", 2)[0] : name;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    static User view(AppUserRecord r) {
        return new User(r.getId(), r.getOrgId(), r.getEmail(), r.getDisplayName(), Role.parse(r.getRole()),
                r.getTotpEnabledAt() != null, r.getCreatedAt().toInstant(),
                Optional.ofNullable(r.getLastSignInAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getDisabledAt()).map(OffsetDateTime::toInstant));
    }
}
