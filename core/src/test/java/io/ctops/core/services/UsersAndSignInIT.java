package io.ctops.core.services;

import static io.ctops.core.testing.Refusals.refused;
import static io.ctops.db.jooq.Tables.API_KEY;
import static io.ctops.db.jooq.Tables.APP_USER;
import static io.ctops.db.jooq.Tables.SIGN_IN_ATTEMPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.users.CreatedApiKey;
import io.ctops.core.users.NewUser;
import io.ctops.core.users.SignInService;
import io.ctops.core.users.Totp;
import io.ctops.core.users.TotpEnrolment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Users, roles, sign-in, the second factor and API keys against a real PostgreSQL. */
class UsersAndSignInIT {

    private static CoreFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new CoreFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void setUpRunsOnceAndRefusesWeakPasswords() {
        try (CoreFixture own = new CoreFixture()) {
            assertTrue(own.services.users().needsSetup());
            refused(Refusal.Reason.INVALID, () -> own.services.users().setUp("Acme", "ada@example.com", "Ada", "short"));
            refused(Refusal.Reason.INVALID, () -> own.services.users().setUp("Acme", "ada@example.com", "Ada", "password1234"));
            refused(Refusal.Reason.INVALID, () -> own.services.users().setUp("Acme", "ada@example.com", "Ada", "ada@example.com-xyz"));
            refused(Refusal.Reason.INVALID, () -> own.services.users().setUp("Acme", "not-an-address", "Ada", CoreFixture.PASSWORD));
            assertTrue(own.services.users().needsSetup(), "refused set-ups store nothing");
            var admin = own.services.users().setUp("Acme", "Ada@Example.com", "Ada", CoreFixture.PASSWORD);
            assertEquals(Role.SUPER_ADMIN, admin.role());
            assertEquals("ada@example.com", admin.email());
            refused(Refusal.Reason.CONFLICT, () -> own.services.users().setUp("Other", "eve@example.com", "Eve", CoreFixture.PASSWORD));
        }
    }

    @Test
    void passwordsAreStoredAsArgon2idAndNeverInClear() {
        Actor admin = fixture.organisationWith(Role.ORG_ADMIN);
        String hash = fixture.dsl.select(APP_USER.PASSWORD_HASH).from(APP_USER).where(APP_USER.ID.eq(admin.userId()))
                .fetchOne(APP_USER.PASSWORD_HASH);
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertTrue(!hash.contains(CoreFixture.PASSWORD));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswerAndDisabledUsersCannotSignIn() {
        Actor admin = fixture.organisationWith(Role.ORG_ADMIN);
        Actor user = fixture.colleague(admin, Role.ENGINEER);
        String wrong = refused(Refusal.Reason.UNAUTHENTICATED,
                () -> fixture.services.signIn().signIn(user.name(), "not the password", "10.0.0.1")).getMessage();
        String unknown = refused(Refusal.Reason.UNAUTHENTICATED,
                () -> fixture.services.signIn().signIn("nobody-" + UUID.randomUUID() + "@example.com", "x", "10.0.0.1")).getMessage();
        assertEquals(wrong, unknown);
        var ok = fixture.services.signIn().signIn(user.name().toUpperCase(), CoreFixture.PASSWORD, "10.0.0.1");
        assertEquals(user.userId(), assertInstanceOf(SignInService.SignedIn.class, ok).actor().userId());

        fixture.services.users().setDisabled(admin, user.userId(), true);
        String disabled = refused(Refusal.Reason.UNAUTHENTICATED,
                () -> fixture.services.signIn().signIn(user.name(), CoreFixture.PASSWORD, "10.0.0.1")).getMessage();
        assertTrue(disabled.contains("disabled"), disabled);
        assertTrue(fixture.services.users().actor(user.userId()).isEmpty(), "a disabled user's session actor is gone");
    }

    @Test
    void failedSignInsAreThrottledPerAccountAndPerAddress() {
        Actor admin = fixture.organisationWith(Role.ORG_ADMIN);
        Actor victim = fixture.colleague(admin, Role.READ_ONLY);
        for (int i = 0; i < 5; i++) {
            refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.signIn().signIn(victim.name(), "guess", "10.1.0." + 1));
        }
        // even the right password is refused while the account is throttled, from any address
        refused(Refusal.Reason.THROTTLED, () -> fixture.services.signIn().signIn(victim.name(), CoreFixture.PASSWORD, "10.9.9.9"));
        fixture.clock.advance(Duration.ofMinutes(16));
        assertInstanceOf(SignInService.SignedIn.class,
                fixture.services.signIn().signIn(victim.name(), CoreFixture.PASSWORD, "10.9.9.9"));

        String attacker = "192.0.2." + (int) (Math.random() * 200);
        for (int i = 0; i < 20; i++) {
            String email = "spray-" + i + "-" + UUID.randomUUID() + "@example.com";
            refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.signIn().signIn(email, "guess", attacker));
        }
        refused(Refusal.Reason.THROTTLED, () -> fixture.services.signIn().signIn(admin.name(), CoreFixture.PASSWORD, attacker));
        assertInstanceOf(SignInService.SignedIn.class, fixture.services.signIn().signIn(admin.name(), CoreFixture.PASSWORD, "10.2.0.1"));
        fixture.clock.advance(Duration.ofMinutes(16));
    }

    @Test
    void attemptsOlderThanTheThrottlingWindowAreForgotten() {
        String email = "purge-" + UUID.randomUUID() + "@example.com";
        refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.signIn().signIn(email, "guess", "10.3.0.1"));
        fixture.clock.advance(Duration.ofMinutes(16));
        refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.signIn().signIn(email, "guess", "10.3.0.2"));

        assertTrue(fixture.services.signIn().forgetExpiredAttempts() >= 1);
        List<String> left = fixture.dsl.select(SIGN_IN_ATTEMPT.ADDRESS).from(SIGN_IN_ATTEMPT)
                .where(SIGN_IN_ATTEMPT.EMAIL.eq(email)).fetch(SIGN_IN_ATTEMPT.ADDRESS);
        assertEquals(List.of("10.3.0.2"), left, "the attempt inside the window still counts");
    }

    @Test
    void totpCodesWorkOnceAndRecoveryCodesOnce() {
        Actor user = fixture.organisationWith(Role.ENGINEER);
        TotpEnrolment enrolment = fixture.services.users().startTotp(user);
        byte[] secret = Totp.fromBase32(enrolment.secret());
        assertTrue(enrolment.uri().startsWith("otpauth://totp/CT-Ops:"), enrolment.uri());
        long step = fixture.clock.instant().getEpochSecond() / Totp.STEP_SECONDS;
        refused(Refusal.Reason.INVALID, () -> fixture.services.users().confirmTotp(user, "000000".equals(Totp.code(secret, step)) ? "111111" : "000000"));
        List<String> recovery = fixture.services.users().confirmTotp(user, Totp.code(secret, step));
        assertEquals(10, recovery.size());

        var step1 = fixture.services.signIn().signIn(user.name(), CoreFixture.PASSWORD, "10.3.0.1");
        UUID pending = assertInstanceOf(SignInService.SecondFactorNeeded.class, step1).userId();
        // the code used to confirm enrolment is spent: a replay is refused
        refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.signIn().secondFactor(pending, Totp.code(secret, step), "10.3.0.1"));
        assertNotNull(fixture.services.signIn().secondFactor(pending, Totp.code(secret, step + 1), "10.3.0.1"));
        refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.signIn().secondFactor(pending, Totp.code(secret, step + 1), "10.3.0.1"));
        // a code from far outside the drift window does not work
        refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.signIn().secondFactor(pending, Totp.code(secret, step + 10), "10.3.0.1"));

        assertNotNull(fixture.services.signIn().secondFactor(pending, recovery.get(0), "10.3.0.1"));
        refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.signIn().secondFactor(pending, recovery.get(0), "10.3.0.1"));
        fixture.clock.advance(Duration.ofMinutes(16));
    }

    @Test
    void rolesLimitWhatUsersMayDoAndNothingCrossesOrganisations() {
        Actor admin = fixture.organisationWith(Role.ORG_ADMIN);
        Actor viewer = fixture.colleague(admin, Role.READ_ONLY);
        refused(Refusal.Reason.FORBIDDEN, () -> fixture.services.users().create(viewer,
                new NewUser("x-" + UUID.randomUUID() + "@example.com", "X", Role.READ_ONLY, CoreFixture.PASSWORD)));
        refused(Refusal.Reason.FORBIDDEN, () -> fixture.services.users().create(admin,
                new NewUser("y-" + UUID.randomUUID() + "@example.com", "Y", Role.SUPER_ADMIN, CoreFixture.PASSWORD)));
        refused(Refusal.Reason.CONFLICT, () -> fixture.services.users().create(admin,
                new NewUser(viewer.name().toUpperCase(), "Dup", Role.READ_ONLY, CoreFixture.PASSWORD)));
        refused(Refusal.Reason.CONFLICT, () -> fixture.services.users().changeRole(admin, admin.userId(), Role.READ_ONLY));

        Actor stranger = fixture.organisationWith(Role.ORG_ADMIN);
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.users().get(stranger, viewer.userId()));
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.users().setDisabled(stranger, viewer.userId(), true));
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.users().changeRole(stranger, viewer.userId(), Role.ORG_ADMIN));
        assertEquals(Role.READ_ONLY, fixture.services.users().get(admin, viewer.userId()).role());
        assertTrue(fixture.services.users().list(stranger).stream().noneMatch(u -> u.orgId().equals(admin.orgId())));

        assertEquals(Role.ENGINEER, fixture.services.users().changeRole(admin, viewer.userId(), Role.ENGINEER).role());
    }

    @Test
    void apiKeysAreShownOnceStoredHashedAndStopWorkingWhenRevokedExpiredOrTheUserIsDisabled() {
        Actor admin = fixture.organisationWith(Role.ORG_ADMIN);
        Actor user = fixture.colleague(admin, Role.ENGINEER);
        CreatedApiKey key = fixture.services.apiKeys().create(user, "ci", Optional.empty());
        assertTrue(key.secret().startsWith("ctops_ak_"));
        assertTrue(fixture.dsl.fetchExists(API_KEY, API_KEY.SECRET_PREFIX.eq(key.key().prefix())));
        assertTrue(!fixture.dsl.fetchExists(API_KEY, API_KEY.SECRET_PREFIX.eq(key.secret())), "the secret itself is not stored");
        assertEquals(user.userId(), fixture.services.apiKeys().authenticate(key.secret()).userId());
        assertTrue(fixture.services.apiKeys().list(user).get(0).lastUsedAt().isPresent());

        refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.apiKeys().authenticate("ctops_ak_made-up"));
        refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.apiKeys().authenticate("Basic abc"));

        CreatedApiKey shortLived = fixture.services.apiKeys().create(user, "short", Optional.of(fixture.clock.instant().plusSeconds(60)));
        fixture.clock.advance(Duration.ofMinutes(2));
        assertTrue(refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.apiKeys().authenticate(shortLived.secret()))
                .getMessage().contains("expired"));
        refused(Refusal.Reason.INVALID, () -> fixture.services.apiKeys().create(user, "past", Optional.of(fixture.clock.instant().minusSeconds(1))));

        Actor stranger = fixture.organisationWith(Role.ORG_ADMIN);
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.apiKeys().revoke(stranger, key.key().id()));
        fixture.services.apiKeys().revoke(user, key.key().id());
        assertTrue(refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.apiKeys().authenticate(key.secret()))
                .getMessage().contains("revoked"));

        CreatedApiKey other = fixture.services.apiKeys().create(user, "other", Optional.empty());
        fixture.services.users().setDisabled(admin, user.userId(), true);
        assertTrue(refused(Refusal.Reason.UNAUTHENTICATED, () -> fixture.services.apiKeys().authenticate(other.secret()))
                .getMessage().contains("disabled"));
    }
}
