package io.ctops.sdk.testkit;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.plugin.PluginState;
import io.ctops.core.users.NewUser;
import io.ctops.core.users.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The operator's walk through the web shell in a real headless Chromium: first-run set-up, sign-in,
 * two-factor enrolment and sign-in with a code, approving a pending agent, filtering and paging the
 * hosts list, and switching a plugin off and on. Screenshots land in target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebShellIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EMAIL = "admin@example.com";
    private static final String PASSWORD = "correct horse battery staple";

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(
            FixtureJars.good("good", "1.0.0").writeTo(FixtureJars.newDir()));

    private static HeadlessBrowser browser;

    @BeforeAll
    static void openBrowser() {
        browser = HeadlessBrowser.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void anEmptyDatabaseOffersTheSetUpPageThatCreatesTheOrganisationAndItsAdmin() {
        browser.openAndWaitFor(server.baseUrl() + "/hosts", "Welcome to CT-Ops", WAIT);
        browser.type("setup-organisation", "Acme Hosting");
        browser.type("setup-name", "Ada Admin");
        browser.type("setup-email", EMAIL);
        browser.type("setup-password", "short");
        browser.type("setup-repeat", "short");
        browser.click("setup-create");
        browser.waitForText("password must be at least 12 characters", WAIT);
        assertTrue(server.services().users().needsSetup(), "a refused set-up stores nothing");

        browser.type("setup-password", PASSWORD);
        browser.type("setup-repeat", PASSWORD);
        browser.screenshot("01-setup");
        browser.click("setup-create");
        browser.waitForElement(By.id("login-form"));
        assertFalse(server.services().users().needsSetup());
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefusedAndTheRightOneOpensTheDashboard() {
        signIn(EMAIL, "not the password at all");
        browser.waitForText("wrong e-mail address or password", WAIT);
        signIn(EMAIL, PASSWORD);
        String dashboard = browser.waitForText("Pending approval", WAIT);
        assertTrue(dashboard.contains("Acme Hosting"), "the header names the organisation: " + dashboard);
        assertTrue(dashboard.contains("Hotspots"), dashboard);
        browser.screenshot("02-dashboard");
    }

    @Test
    @Order(3)
    void twoFactorEnrolmentThenSignInNeedsTheCode() throws Exception {
        browser.openAndWaitFor(server.baseUrl() + "/profile", "Two-factor sign-in is off", WAIT);
        browser.click("totp-start");
        browser.waitForElement(By.id("totp-qr"));
        byte[] secret = Totp.fromBase32(browser.value("totp-secret"));
        browser.type("totp-code", Totp.code(secret, Instant.now().getEpochSecond() / Totp.STEP_SECONDS));
        browser.screenshot("03-totp-enrolment");
        browser.click("totp-confirm");
        browser.waitForText("Recovery codes", WAIT);
        assertEquals(10, browser.value("recovery-codes").split("\n").length);
        browser.click("recovery-codes-close");
        browser.waitForText("Two-factor sign-in is on", WAIT);

        signOut();
        signIn(EMAIL, PASSWORD);
        browser.waitForElement(By.id("second-factor-code"));
        browser.type("second-factor-code", "12345x");
        browser.click("second-factor-verify");
        browser.waitForText("wrong or already used code", WAIT);
        // the next step's code: the current one was spent on enrolment and must not work twice
        browser.type("second-factor-code", Totp.code(secret, Instant.now().getEpochSecond() / Totp.STEP_SECONDS + 1));
        browser.click("second-factor-verify");
        browser.waitForText("Hotspots", WAIT);
    }

    @Test
    @Order(4)
    void aPendingAgentIsApprovedFromTheHostsPage() {
        UUID org = admin().orgId();
        String token = server.identity().tokens().create(org, NewEnrolmentToken.named("manual", false), "test").secret();
        try (TestAgent agent = TestAgent.create("web-pending-01", "10.20.0.5")) {
            agent.register(server, token);
            browser.openAndWaitFor(server.baseUrl() + "/hosts", "Pending approval (1)", WAIT);
            browser.screenshot("04-hosts-pending");
            browser.click("approve-web-pending-01");
            browser.waitForText("web-pending-01 approved", WAIT);
            String status = server.dsl().select(AGENT.STATUS).from(AGENT).join(HOST).on(HOST.ID.eq(AGENT.HOST_ID))
                    .where(HOST.HOSTNAME.eq("web-pending-01")).fetchOne(AGENT.STATUS);
            assertEquals("active", status);
        }
    }

    @Test
    @Order(5)
    void theHostsListFiltersAndPagesOnTheServer() {
        UUID org = admin().orgId();
        for (int i = 0; i < 60; i++) {
            server.dsl().insertInto(HOST).set(HOST.ORG_ID, org).set(HOST.HOSTNAME, String.format("bulk-host-%02d", i))
                    .set(HOST.OS, i % 2 == 0 ? "debian" : "rocky").set(HOST.CPU_PERCENT, i == 7 ? 95.0 : 10.0).execute();
        }
        browser.openAndWaitFor(server.baseUrl() + "/hosts", "Page 1 of 3 · 61 host(s)", WAIT);
        browser.click("hosts-next");
        browser.waitForText("Page 2 of 3 · 61 host(s)", WAIT);
        browser.type("hosts-search", "bulk-host-07");
        String filtered = browser.waitForText("Page 1 of 1 · 1 host(s)", WAIT);
        assertTrue(filtered.contains("95%"), filtered);
        assertFalse(browser.driver().findElements(By.cssSelector("#hosts-grid span.hot")).isEmpty(), "95% CPU is highlighted");
        browser.screenshot("05-hosts-filtered");
        browser.click("hosts-clear");
        browser.waitForText("Page 1 of 3 · 61 host(s)", WAIT);
        browser.openAndWaitFor(server.baseUrl() + "/hosts?os=rocky", "Page 1 of 2 · 30 host(s)", WAIT);
    }

    @Test
    @Order(6)
    void aPluginIsSwitchedOffAndOnAgainWithoutARestart() {
        browser.openAndWaitFor(server.baseUrl() + "/plugins", "STARTED", WAIT);
        browser.click("disable-good");
        browser.waitForText("good disabled", WAIT);
        assertEquals(PluginState.DISABLED, server.plugins().plugin("good").orElseThrow().state());
        browser.screenshot("06-plugins");
        browser.click("enable-good");
        browser.waitForText("good enabled", WAIT);
        assertEquals(PluginState.STARTED, server.plugins().plugin("good").orElseThrow().state());
    }

    @Test
    @Order(7)
    void aReadOnlyUserSeesNoAdminPagesAndNoOtherOrganisation() {
        Actor admin = admin();
        server.services().users().create(admin, new NewUser("viewer@example.com", "Viewer", Role.READ_ONLY, PASSWORD));
        UUID otherOrg = server.createOrganisation("Other Org");
        UUID foreignHost = server.dsl().insertInto(HOST).set(HOST.ORG_ID, otherOrg).set(HOST.HOSTNAME, "foreign-secret-host")
                .returning(HOST.ID).fetchOne(HOST.ID);
        signOut();
        signIn("viewer@example.com", PASSWORD);
        browser.waitForText("Hotspots", WAIT);
        String users = browser.openAndWaitFor(server.baseUrl() + "/settings/users", "Not allowed", WAIT);
        assertTrue(users.contains("org_admin"), users);
        String foreign = browser.openAndWaitFor(server.baseUrl() + "/host/" + foreignHost, "Host not found", WAIT);
        assertFalse(foreign.contains("foreign-secret-host"), foreign);
        String hosts = browser.openAndWaitFor(server.baseUrl() + "/hosts", "host(s)", WAIT);
        assertFalse(hosts.contains("foreign-secret-host"), hosts);
        assertFalse(hosts.contains("Bulk tag"), "read_only gets no bulk actions: " + hosts);
    }

    private static Actor admin() {
        UUID id = server.dsl().select(io.ctops.db.jooq.Tables.APP_USER.ID).from(io.ctops.db.jooq.Tables.APP_USER)
                .where(io.ctops.db.jooq.Tables.APP_USER.EMAIL.eq(EMAIL)).fetchOne(io.ctops.db.jooq.Tables.APP_USER.ID);
        return server.services().users().actor(id).orElseThrow();
    }

    private static void signIn(String email, String password) {
        browser.submitSignIn(server.baseUrl(), email, password);
    }

    private static void signOut() {
        browser.waitForElement(By.cssSelector("#user-menu vaadin-menu-bar-button")).click();
        browser.waitForElement(By.xpath("//vaadin-menu-bar-item[contains(., 'Sign out')]")).click();
        browser.waitForElement(By.id("login-form"));
    }
}
