package io.ctops.sdk.testkit;

import static io.ctops.sdk.testkit.RestJson.count;
import static io.ctops.sdk.testkit.RestJson.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.cli.AdminMain;
import io.ctops.proto.agent.v1.AgentStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/ctops admin}, run in-process against the test server's database: the operator's
 * first-run setup, API key, tokens, hosts, approvals and plugin switches, with the exit statuses
 * scripts rely on. Ordered: setup must come first, as on a real installation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminCliIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(
            FixtureJars.good("good", "1.0.0").writeTo(FixtureJars.newDir()));

    private static final String ADMIN = "ops@example.com";
    private static final String ACTOR = "cli:" + System.getProperty("user.name");

    /** One run: exit status and what it wrote. */
    record Run(int status, String out, String err) {
    }

    private static Run admin(String stdin, Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(server.adminEnvironment());
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminMain.run(List.of(args), env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run admin(String... args) {
        return admin("", Map.of(), args);
    }

    @Test
    @Order(1)
    void usageErrorsExitWith2AndOneLine() {
        assertEquals(0, admin("--help").status());
        assertTrue(admin("--help").out().contains("token create"));
        assertEquals(2, admin().status());
        Run unknown = admin("frobnicate");
        assertEquals(2, unknown.status());
        assertEquals("ctops admin: unknown command 'frobnicate' (try: ctops admin --help)", unknown.err().strip());
        Run password = admin("setup", "--org", "Acme", "--email", ADMIN, "--password", "hunter2hunter2");
        assertEquals(2, password.status());
        assertTrue(password.err().contains("passwords are never taken as arguments"), password.err());
        assertEquals(2, admin("token", "create", "--org", "Acme").status(), "--name is missing");
        assertEquals(2, admin("token", "create", "--name", "x", "--max-uses", "lots").status());
        assertEquals(2, admin("agents", "approve").status());
        Run noDatabase = admin("", Map.of("DATABASE_URL", ""), "token", "list");
        assertEquals(2, noDatabase.status());
        assertTrue(noDatabase.err().contains("DATABASE_URL is required"), noDatabase.err());
    }

    @Test
    @Order(2)
    void setupCreatesTheFirstOrganisationAndAdminOnce() {
        Run weak = admin("short\n", Map.of(), "setup", "--org", "Acme", "--email", ADMIN);
        assertEquals(1, weak.status(), weak.err());
        assertTrue(weak.err().contains("password must be at least 12 characters"), weak.err());
        assertEquals(0, count(server.dsl(), "app_user", "true"), "nothing is stored for a refused setup");

        Run setup = admin("correct horse battery staple\n", Map.of(), "setup", "--org", "Acme", "--email", ADMIN);
        assertEquals(0, setup.status(), setup.err());
        assertTrue(setup.err().contains("Created organisation 'Acme'"), setup.err());
        assertEquals(1, count(server.dsl(), "app_user", "email = ? AND role = 'super_admin'", ADMIN));

        Run again = admin("", Map.of("CT_OPS_ADMIN_PASSWORD", "another long passphrase"), "setup", "--org", "Other",
                "--email", "second@example.com");
        assertEquals(1, again.status());
        assertTrue(again.err().contains("set-up is already done"), again.err());
    }

    @Test
    @Order(3)
    void apiKeyIsPrintedOnceAndWorks() {
        Run created = admin("api-key", "create", "--email", ADMIN, "--name", "automation", "--expires-days", "30");
        assertEquals(0, created.status(), created.err());
        String secret = created.out().strip();
        assertTrue(secret.startsWith("ctops_ak_") && !secret.contains("\n"), "standard output holds only the key");
        assertFalse(created.err().contains(secret), "the key is not repeated on standard error");
        assertEquals(ADMIN, expect(200, server.api(secret).get("/api/v1/me")).get("email").asText());
        assertEquals(1, count(server.dsl(), "audit_log", "action = 'api-key.create' AND actor = ?", ACTOR));

        assertEquals(1, admin("api-key", "create", "--email", "nobody@example.com", "--name", "x").status());
    }

    @Test
    @Order(4)
    void tokensHostsAndApprovals() {
        Run created = admin("token", "create", "--name", "rack 7", "--max-uses", "3", "--tag", "site=fra",
                "--ingest-address", "ctops.example.net:9443");
        assertEquals(0, created.status(), created.err());
        String secret = created.out().strip();
        assertTrue(secret.startsWith("ctops_et_"));
        assertTrue(created.err().contains("CT_OPS_INGEST_ADDRESS='ctops.example.net:9443' CT_OPS_ORG_TOKEN='" + secret + "'"),
                created.err());

        Run list = admin("token", "list", "--org", "Acme");
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().contains("rack 7") && list.out().contains("0/3") && !list.out().contains(secret), list.out());

        try (TestAgent first = TestAgent.create("cli-host-01", "10.7.0.1");
             TestAgent second = TestAgent.create("cli-host-02", "10.7.0.2")) {
            String firstId = first.register(server, secret).getAgentId();
            String secondId = second.register(server, secret).getAgentId();
            Run pending = admin("agents", "pending");
            assertTrue(pending.out().contains(firstId) && pending.out().contains("cli-host-02"), pending.out());

            assertEquals(0, admin("agents", "approve", firstId).status());
            assertEquals(AgentStatus.AGENT_STATUS_ACTIVE, first.register(server, secret).getStatus());
            Run rejected = admin("agents", "reject", secondId, "--reason", "not ours");
            assertEquals(0, rejected.status(), rejected.err());
            Run twice = admin("agents", "approve", secondId);
            assertEquals(1, twice.status());
            assertTrue(twice.err().contains("refused: agent is revoked, not pending"), twice.err());
            assertEquals(1, admin("agents", "approve", UUID.randomUUID().toString()).status());
        }

        Run hosts = admin("hosts", "list", "--search", "cli-host");
        assertEquals(0, hosts.status(), hosts.err());
        assertTrue(hosts.out().contains("cli-host-01") && hosts.out().contains("cli-host-02"), hosts.out());
        assertTrue(hosts.err().contains("2 host(s) match"), hosts.err());
        assertEquals(0, admin("hosts", "list", "--search", "' OR 1=1 --").out().lines().count() - 1);
        assertEquals(1, admin("hosts", "list", "--status", "sleeping").status());

        String tokenId = list.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
        assertEquals(0, admin("token", "revoke", tokenId).status());
        assertTrue(admin("token", "list").out().contains("revoked"));
        assertEquals(1, admin("token", "revoke", UUID.randomUUID().toString()).status());
        assertEquals(2, admin("token", "revoke", "not-an-id").status());
        assertTrue(count(server.dsl(), "audit_log", "action = 'agent.approve' AND actor = ?", ACTOR) >= 1);
    }

    @Test
    @Order(5)
    void pluginsAreSwitchedInTheDatabaseForTheNextStart() throws Exception {
        Run list = admin("plugins", "list");
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().contains("good") && list.out().contains("STARTED"), list.out());

        Run disabled = admin("plugins", "disable", "good");
        assertEquals(0, disabled.status(), disabled.err());
        assertTrue(disabled.err().contains("applies this at its next start"), disabled.err());
        assertEquals(1, count(server.dsl(), "plugin_state", "plugin_id = 'good' AND NOT enabled"));
        assertEquals(1, admin("plugins", "enable", "nonexistent").status());

        server.restart();
        assertEquals("DISABLED", server.plugins().plugin("good").orElseThrow().state().name());
        assertEquals(0, admin("plugins", "enable", "good").status());
        server.restart();
        assertEquals("STARTED", server.plugins().plugin("good").orElseThrow().state().name());
    }
}
