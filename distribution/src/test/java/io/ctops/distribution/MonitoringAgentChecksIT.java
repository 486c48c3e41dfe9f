package io.ctops.distribution;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.sdk.testkit.ApiClient;
import io.ctops.sdk.testkit.ApiUser;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.HeadlessBrowser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The real agent ({@code ctops-agent run} in its own JVM, with the built checks plugin) against a real
 * server running the built monitoring plugin: two port checks created over the monitoring REST API
 * reach the agent on its heartbeat stream, it runs them against a port this test listens on and one
 * nobody listens on, and both results, with the agent's own messages, show in the results table, over
 * REST and on the host's Checks tab in headless Chromium.
 */
class MonitoringAgentChecksIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(monitoringJar());

    private static final Duration WAIT = Duration.ofSeconds(90);

    private AgentProcess agent;

    @AfterEach
    void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void portChecksCreatedOverRestAreRunByTheRealAgentAndTheirResultsShow() throws Exception {
        ApiUser admin = server.createAdmin();
        ApiClient api = server.api(admin);
        String token = server.identity().tokens().create(admin.orgId(), NewEnrolmentToken.named("checks-e2e", true), "admin")
                .secret();
        Path work = server.scratchDir();
        agent = AgentProcess.start(server, work, token, List.of("localhost:" + server.grpcPort()), Map.of());
        await("the agent to enrol and come online", () -> {
            Record row = server.dsl().select(HOST.STATUS).from(AGENT).join(HOST).on(HOST.ID.eq(AGENT.HOST_ID))
                    .where(AGENT.ORG_ID.eq(admin.orgId())).fetchOne();
            return row != null && "online".equals(row.get(HOST.STATUS));
        });
        UUID host = server.dsl().select(AGENT.HOST_ID).from(AGENT).where(AGENT.ORG_ID.eq(admin.orgId())).fetchOne(AGENT.HOST_ID);

        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int open = listening.getLocalPort();
            int closed = closedPort();
            String openCheck = create(api, host, "listening port", open);
            String closedCheck = create(api, host, "closed port", closed);

            // REST: the agent's own messages (agent-plugins/checks README, "port")
            String okOutput = awaitResult(api, openCheck, "OK");
            assertTrue(okOutput.startsWith("TCP 127.0.0.1:" + open + " connected in "), okOutput);
            String failedOutput = awaitResult(api, closedCheck, "CRITICAL");
            assertTrue(failedOutput.startsWith("TCP 127.0.0.1:" + closed + " not reachable"), failedOutput);
            assertTrue(api.get("/api/v1/monitoring/checks/" + openCheck).body().contains("\"last_state\":\"OK\""));
            assertTrue(api.get("/api/v1/monitoring/checks/" + closedCheck).body().contains("\"last_state\":\"CRITICAL\""));

            // the results table
            assertEquals(List.of("OK"), statesStored(openCheck));
            assertEquals(List.of("CRITICAL"), statesStored(closedCheck));

            // the host's Checks tab
            try (HeadlessBrowser browser = HeadlessBrowser.start()) {
                browser.signIn(server.baseUrl(), admin.email(), admin.password());
                browser.openAndWaitFor(server.baseUrl() + "/host/" + host, "Checks", WAIT);
                browser.waitForElement(By.xpath("//vaadin-tab[contains(., 'Checks')]")).click();
                String page = browser.waitForText("TCP 127.0.0.1:" + closed + " not reachable", WAIT);
                assertTrue(page.contains("TCP 127.0.0.1:" + open + " connected in "), page);
                assertTrue(page.contains("listening port") && page.contains("closed port"), page);
                assertTrue(page.contains("OK") && page.contains("CRITICAL"), page);
                browser.screenshot("monitoring-agent-checks");
            }
        }
    }

    private static String create(ApiClient api, UUID host, String name, int port) {
        HttpResponse<String> created = api.post("/api/v1/monitoring/hosts/" + host + "/checks",
                "{\"name\":\"" + name + "\",\"type\":\"port\",\"settings\":{\"host\":\"127.0.0.1\",\"port\":\"" + port
                        + "\",\"timeout_ms\":\"2000\"},\"interval_secs\":10}");
        assertEquals(201, created.statusCode(), created.body());
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        assertTrue(id.find(), created.body());
        return id.group(1);
    }

    /** Waits for a result of the check in that state over REST; returns its output. */
    private String awaitResult(ApiClient api, String checkId, String state) {
        Pattern result = Pattern.compile("\"state\":\"" + state + "\",\"output\":\"([^\"]*)\"");
        String[] output = new String[1];
        await("a " + state + " result of check " + checkId, () -> {
            Matcher m = result.matcher(api.get("/api/v1/monitoring/checks/" + checkId + "/results").body());
            if (m.find()) {
                output[0] = m.group(1);
                return true;
            }
            return false;
        });
        return output[0];
    }

    private static List<String> statesStored(String checkId) {
        return server.dsl().selectDistinct(field(name("state"), String.class)).from(table(name("monitoring_check_result")))
                .where(field(name("check_id"), UUID.class).eq(UUID.fromString(checkId))).fetch(field(name("state"), String.class));
    }

    /** As {@link CtopsTestServer#await}, with the agent's log in the failure. */
    private void await(String description, java.util.function.BooleanSupplier condition) {
        agent.await(description, WAIT, condition);
    }

    /** The built monitoring plugin jar, copied for the test by the build (copy-server-plugins-for-it). */
    private static Path monitoringJar() {
        Path dir = Path.of(System.getProperty("ctops.it.serverPluginsDir", "target/it-server-plugins"));
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.getFileName().toString().startsWith("ctops-plugin-monitoring-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no monitoring plugin jar in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException("no monitoring plugin jar: " + dir, e);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
