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
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private AgentProcess agent;

    @AfterEach
    void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void enrolsComesOnlineAndReplaysWhatItSpooledDuringAnOutage() throws Exception {
        UUID org = server.createOrganisation("e2e");
        String token = server.identity().tokens().create(org, NewEnrolmentToken.named("e2e", false), "admin").secret();
        int grpcPort = server.grpcPort();
        Path work = server.scratchDir();
        // the first address is dead: the agent must fail over to the second
        agent = AgentProcess.start(server, work, token, List.of("localhost:" + deadPort(), "localhost:" + grpcPort),
                Map.of("e2e", "yes"));

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
        assertTrue(agent.stop(Duration.ofSeconds(20)), "agent did not stop: " + log());
    }

    private void await(String description, Duration timeout, java.util.function.BooleanSupplier condition) {
        agent.await(description, timeout, condition);
    }

    private String log() {
        return agent.log();
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
