package io.ctops.distribution;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.config.ServerConfig;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.db.jooq.tables.records.AgentRecord;
import io.ctops.db.jooq.tables.records.HostRecord;
import io.ctops.sdk.testkit.CtopsTestServer;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real agent ({@code ctops-agent run}, in its own JVM, with the built system plugin) against the
 * real server: it enrols and waits for approval, comes online with vitals, keeps heartbeating through
 * a server outage into its spool, and replays what it spooled once the server is back.
 */
class AgentEndToEndIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars();

    private static final int OUTAGE_SECS = 5;
    private static final Pattern PUBLISHED =
            Pattern.compile("^ctops_queue_published_total\\{topic=\"metrics\\.raw\"} (\\d+)(\\.0)?$", Pattern.MULTILINE);
    private static final Pattern REPLAYED = Pattern.compile("Replayed (\\d+) spooled heartbeat");

    private Process agent;
    private Path agentLog;

    @AfterEach
    void stopAgent() throws InterruptedException {
        if (agent != null && agent.isAlive()) {
            agent.destroy();
            if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }

    @Test
    void enrolsComesOnlineAndReplaysWhatItSpooledDuringAnOutage() throws Exception {
        UUID org = server.createOrganisation("e2e");
        String token = server.identity().tokens().create(org, NewEnrolmentToken.named("e2e", false), "admin").secret();
        int grpcPort = server.grpcPort();
        Path work = server.scratchDir();
        Path config = writeConfig(work, token, List.of("localhost:" + deadPort(), "localhost:" + grpcPort));

        agent = startAgent(config, work);

        // pending: registered, host known, nothing online yet
        await("the agent to register and wait for approval", Duration.ofSeconds(30),
                () -> agentRow(org) != null);
        AgentRecord registered = agentRow(org);
        assertEquals("pending", registered.getStatus(), log());
        HostRecord pendingHost = host(registered.getHostId());
        assertEquals("never_seen", pendingHost.getStatus());
        assertTrue(pendingHost.getTags().data().contains("e2e"), pendingHost.getTags().data());

        // approved: the agent's next poll (the server says every 30 s) gets credentials, then heartbeats
        server.identity().approvals().approve(org, registered.getId(), "admin");
        await("the host to come online with vitals", Duration.ofSeconds(50), () -> {
            HostRecord host = host(registered.getHostId());
            return "online".equals(host.getStatus()) && host.getCpuPercent() != null && host.getLastSeenAt() != null;
        });
        HostRecord online = host(registered.getHostId());
        assertTrue(online.getCpuPercent() >= 0 && online.getCpuPercent() <= 100, online.toString());
        assertTrue(Files.isRegularFile(work.resolve("agent-data/state.properties")), "credentials stored");
        await("the agent to report its stream open, after failing over from the dead address",
                Duration.ofSeconds(10), () -> log().contains("Heartbeat stream to localhost:" + grpcPort + " open"));

        // outage: the server is down for OUTAGE_SECS plus its stop and start; it comes back on the same port
        long before = System.nanoTime();
        server.restart(current -> {
            sleep(Duration.ofSeconds(OUTAGE_SECS));
            return withGrpcPort(current, grpcPort);
        });
        long outageSecs = Duration.ofNanos(System.nanoTime() - before).toSeconds();
        OffsetDateTime restarted = OffsetDateTime.now();
        assertTrue(outageSecs >= OUTAGE_SECS, "outage of " + outageSecs + " s");

        // back: the heartbeats of the outage arrive, replayed from the spool with their original times
        await("the spooled heartbeats to be replayed", Duration.ofSeconds(60),
                () -> publishedMetrics() >= outageSecs && replayedInLog() >= OUTAGE_SECS);
        long published = publishedMetrics();
        assertTrue(published >= outageSecs, "metrics.raw published after the restart: " + published
                + ", outage intervals: " + outageSecs);
        assertTrue(replayedInLog() >= OUTAGE_SECS, log());
        await("the host to be seen again after the restart", Duration.ofSeconds(20), () -> {
            HostRecord host = host(registered.getHostId());
            return "online".equals(host.getStatus()) && host.getLastSeenAt().isAfter(restarted);
        });
        assertTrue(agent.isAlive(), log());

        // a stop is clean: the agent closes its stream and exits
        agent.destroy();
        assertTrue(agent.waitFor(20, TimeUnit.SECONDS), "agent did not stop: " + log());
    }

    /** As {@link CtopsTestServer#await}, with the agent's log in the failure. */
    private void await(String description, Duration timeout, java.util.function.BooleanSupplier condition) {
        try {
            CtopsTestServer.await(description, timeout, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- agent log ---\n" + log(), e);
        }
    }

    private AgentRecord agentRow(UUID org) {
        return server.dsl().selectFrom(AGENT).where(AGENT.ORG_ID.eq(org)).fetchOne();
    }

    private HostRecord host(UUID hostId) {
        HostRecord host = server.dsl().selectFrom(HOST).where(HOST.ID.eq(hostId)).fetchOne();
        assertNotNull(host, "host " + hostId);
        return host;
    }

    private long publishedMetrics() {
        Matcher matcher = PUBLISHED.matcher(server.get("/metrics").body());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private long replayedInLog() {
        Matcher matcher = REPLAYED.matcher(log());
        long total = 0;
        while (matcher.find()) {
            total += Long.parseLong(matcher.group(1));
        }
        return total;
    }

    private String log() {
        try {
            return agentLog == null || !Files.exists(agentLog) ? "" : Files.readString(agentLog);
        } catch (IOException e) {
            return "(agent log unreadable: " + e + ")";
        }
    }

    private static Path writeConfig(Path work, String token, List<String> addresses) throws Exception {
        Path ca = work.resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(server.agentCaCertificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        String toml = """
                [ingest]
                # the first address is dead: the agent must fail over to the second
                address = [%s]
                ca_cert_file = "%s"

                [agent]
                org_token = "%s"
                data_dir = "%s"
                heartbeat_interval_secs = 1

                [agent.tags]
                e2e = "yes"
                """.formatted(addresses.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")),
                ca, token, work.resolve("agent-data"));
        return Files.writeString(work.resolve("agent.toml"), toml);
    }

    private Process startAgent(Path config, Path work) throws IOException {
        agentLog = work.resolve("agent.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", agentClassPath(),
                "io.ctops.agent.AgentMain", "run", "--config", config.toString()));
        Path plugins = Path.of(System.getProperty("ctops.it.agentPluginsDir", "target/it-agent-plugins"));
        if (Files.isDirectory(plugins)) {
            command.addAll(List.of("--plugins-dir", plugins.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(agentLog.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CT_OPS_"));
        return builder.start();
    }

    /** The test class path without the system plugin, which the agent loads from its plugins directory. */
    private static String agentClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("ctops-agent-plugin-system") && !entry.contains("agent-plugins"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * The same settings on a fixed gRPC port, so the agent finds the server again where it was. Copied
     * component by component through the canonical constructor, so that settings added to the record
     * later are carried over too.
     */
    private static ServerConfig withGrpcPort(ServerConfig config, int port) {
        try {
            RecordComponent[] components = ServerConfig.class.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals("grpcPort") ? port : components[i].getAccessor().invoke(config);
            }
            return ServerConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy the server settings", e);
        }
    }

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
