package io.ctops.distribution;

import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.loadtest.HostCleanup;
import io.ctops.agent.loadtest.LoadtestOptions;
import io.ctops.agent.loadtest.LoadtestRun;
import io.ctops.core.access.Actor;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.users.User;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.TestAgent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ctops-agent loadtest} against the real server: the preflight refuses a token that does not
 * auto-approve, virtual agents register, heartbeat over their own mutual-TLS streams and every round
 * trip is counted, and {@code loadtest cleanup} deletes the run's hosts through the REST API.
 */
class LoadtestIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars();

    @Test
    void refusesATokenThatDoesNotAutoApprove() throws Exception {
        String token = server.identity().tokens().create(admin().orgId(), NewEnrolmentToken.named("manual", false), "admin")
                .secret();
        long receivedBefore = server.heartbeatCounters().received();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = new LoadtestRun(options(token, "pre1", 5, Duration.ofSeconds(2)), print(output)).run();
        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(LoadtestRun.FAILED, status, text);
        assertTrue(text.contains("not auto-approve"), text);
        assertEquals(1, server.dsl().fetchCount(HOST, HOST.HOSTNAME.startsWith("lt-pre1-")), "only the probe registered");
        assertEquals(receivedBefore, server.heartbeatCounters().received(), "no heartbeat was sent");
    }

    @Test
    void virtualAgentsHeartbeatEveryRoundTripIsMeasuredAndCleanupDeletesTheirHosts() throws Exception {
        Actor actor = admin();
        long receivedBefore = server.heartbeatCounters().received();
        String token = server.identity().tokens().create(actor.orgId(), NewEnrolmentToken.named("load", true), "admin")
                .secret();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Path json = server.scratchDir().resolve("run.json");
        Path agentsFile = server.scratchDir().resolve("agents.csv");
        LoadtestOptions base = options(token, "run1", 8, Duration.ofSeconds(5));
        LoadtestOptions options = new LoadtestOptions(base.address(), base.token(), base.caCert(), base.agents(),
                base.interval(), base.jitter(), base.ramp(), base.duration(), base.runId(), base.registerConcurrency(),
                4, base.sourceAddresses(), json, base.statusFile(), Optional.of(agentsFile), base.statusEvery(),
                base.ackTimeout());

        int status = new LoadtestRun(options, print(output)).run();

        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        String summary = Files.readString(json);
        assertTrue(summary.contains("\"registered\": 8"), summary);
        assertTrue(summary.contains("\"heartbeats_failed\": 0"), summary);
        long acknowledged = Long.parseLong(summary.replaceAll("(?s).*?\"heartbeats_acknowledged\": (\\d+).*", "$1"));
        long sent = Long.parseLong(summary.replaceAll("(?s).*?\"heartbeats_sent\": (\\d+).*", "$1"));
        assertEquals(sent, acknowledged, summary);
        assertTrue(acknowledged >= 8 * 4, "every agent heartbeats each second: " + summary);
        assertEquals(acknowledged, server.heartbeatCounters().received() - receivedBefore, "each round trip is one heartbeat the server got");
        assertTrue(text.contains("RTT ms (hold"), text);
        List<String> lines = Files.readAllLines(agentsFile);
        assertEquals(9, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("lt-run1-00000,"), lines.get(1));
        CtopsTestServer.await("vitals of every virtual host", Duration.ofSeconds(10),
                () -> server.dsl().fetchCount(HOST, HOST.HOSTNAME.startsWith("lt-run1-"), HOST.VITALS_AT.isNotNull()) == 8);

        String apiKey = server.services().apiKeys().create(actor, "loadtest", Optional.empty()).secret();
        ByteArrayOutputStream cleanupOutput = new ByteArrayOutputStream();
        int deleted = new HostCleanup(server.baseUrl(), apiKey, "run1", print(cleanupOutput)).run();
        assertEquals(8, deleted, cleanupOutput.toString(StandardCharsets.UTF_8));
        assertEquals(0, server.dsl().fetchCount(HOST, HOST.HOSTNAME.startsWith("lt-run1-"), HOST.DELETED_AT.isNull()));
    }

    private static Actor admin;

    /** The first-run administrator (set-up runs once per server). */
    private static synchronized Actor admin() {
        if (admin == null) {
            User user = server.services().users().setUp("Load", "load@example.com", "Load", "correct horse battery 42");
            admin = new Actor(user.id(), user.orgId(), user.role(), user.email());
        }
        return admin;
    }

    private static LoadtestOptions options(String token, String runId, int agents, Duration hold) throws Exception {
        Path ca = server.scratchDir().resolve("ca-" + runId + ".pem");
        Files.writeString(ca, TestAgent.pem(server.agentCaCertificate()));
        return new LoadtestOptions(new IngestAddress("localhost", server.grpcPort()), token, Optional.of(ca), agents,
                Duration.ofSeconds(1), 0.1, Duration.ofSeconds(1), hold, runId, 4, 1000, List.of(),
                server.scratchDir().resolve(runId + ".json"), Optional.empty(), Optional.empty(), Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    }

    private static PrintStream print(ByteArrayOutputStream output) {
        return new PrintStream(output, true, StandardCharsets.UTF_8);
    }
}
