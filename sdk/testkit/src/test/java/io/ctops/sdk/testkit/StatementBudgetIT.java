package io.ctops.sdk.testkit;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.ctops.core.config.ServerConfig;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.db.DatabaseUrl;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.Vitals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How many statements the server sends its database for a connected fleet, counted on the wire by
 * a proxy between the server and PostgreSQL. Heartbeating agents must cost a bounded number of
 * statements per flush, not one per agent; connected agents with nothing due must cost nothing
 * beyond the instance's own periodic work; a reconnect of the whole fleet must not cost
 * transactions per agent. Prints the figures (they go into BENCHMARKS-style reports).
 */
class StatementBudgetIT {

    static final int AGENTS = 50;
    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^/:]+)(?::(\\d+))?/");

    private static PgStatementCounter counter;
    private static DatabaseUrl direct;

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars().configure(StatementBudgetIT::throughCounter);

    private static final List<TestAgent> agents = new ArrayList<>();
    private static final ScheduledExecutorService beats = Executors.newScheduledThreadPool(4);

    @BeforeAll
    static void fleet() {
        UUID org = server.createOrganisation("statement-budget");
        String token = server.identity().tokens().create(org, NewEnrolmentToken.named("fleet", true), "admin").secret();
        for (int i = 0; i < AGENTS; i++) {
            TestAgent agent = TestAgent.create(String.format("sb-%03d", i), String.format("10.77.%d.%d", i / 200, i % 200 + 1));
            agent.register(server, token);
            agents.add(agent);
        }
    }

    @AfterAll
    static void stop() {
        beats.shutdownNow();
        agents.forEach(TestAgent::close);
        if (counter != null) {
            counter.close();
        }
    }

    @Test
    void statementsPerAgentStayBoundedWhileHeartbeatingIdleAndReconnecting() throws Exception {
        // heartbeating every second (ten times the production rate), each heartbeat stored
        // (each loop starts as soon as its stream is open: opening 50 TLS streams can take longer than a sweep)
        List<ScheduledFuture<?>> loops = new ArrayList<>();
        List<AgentStream> streams = open(1, stream -> {
            AtomicLong sequence = new AtomicLong(1);
            loops.add(beats.scheduleAtFixedRate(() -> stream.exchange(heartbeat(sequence.incrementAndGet(), 1)),
                    1000, 1000, TimeUnit.MILLISECONDS));
        });
        CtopsTestServer.await("every host online", Duration.ofSeconds(20), () -> online() == AGENTS);
        System.out.printf("[statement-budget] %d streams open and heartbeating%n", AGENTS);
        Thread.sleep(3000); // past the first flushes
        long beforeBusy = counter.total();
        Map<String, Long> busyBreakdownBefore = counter.byStatement();
        Thread.sleep(WINDOW.toMillis());
        long busy = counter.total() - beforeBusy;
        report("heartbeating every 1 s", busy, busyBreakdownBefore);
        loops.forEach(loop -> loop.cancel(false));
        Thread.sleep(1500);
        streams.forEach(AgentStream::close);
        CtopsTestServer.await("every host offline", Duration.ofSeconds(20), () -> online() == 0);

        // connected, nothing due: a long interval, one heartbeat each on opening
        long beforeStorm = counter.total();
        Map<String, Long> stormBreakdownBefore = counter.byStatement();
        List<AgentStream> idleStreams = openAllAtOnce(3600);
        CtopsTestServer.await("every host online again", Duration.ofSeconds(20), () -> online() == AGENTS);
        Thread.sleep(3000);
        long storm = counter.total() - beforeStorm;
        report("reconnect of the whole fleet at once (open + first heartbeat)", storm, stormBreakdownBefore);
        long beforeIdle = counter.total();
        Map<String, Long> idleBreakdownBefore = counter.byStatement();
        Thread.sleep(WINDOW.toMillis());
        long idle = counter.total() - beforeIdle;
        report("connected, nothing due", idle, idleBreakdownBefore);
        idleStreams.forEach(AgentStream::close);

        double perAgentPerSecond = busy / (double) AGENTS / WINDOW.toSeconds();
        // one UPDATE per host per flush alone would be 1.0 here; a batched flush is a few statements a second in all
        assertTrue(perAgentPerSecond < 0.2, "statements per agent per second while heartbeating: " + perAgentPerSecond);
        double idlePerSecond = idle / (double) WINDOW.toSeconds();
        // the instance's own periodic reads (revocations, CAs, sweep); nothing that grows with the fleet
        assertTrue(idlePerSecond < 3, "statements per second with nothing due: " + idlePerSecond);
        assertTrue(storm < AGENTS, "a reconnect of " + AGENTS + " agents cost " + storm + " statements");
    }

    private static List<AgentStream> open(int intervalSecs, java.util.function.Consumer<AgentStream> opened) {
        List<AgentStream> streams = new ArrayList<>();
        for (TestAgent agent : agents) {
            AgentStream stream = agent.stream(server);
            assertEquals(1, stream.exchange(heartbeat(1, intervalSecs)).getAckSequence());
            streams.add(stream);
            opened.accept(stream);
        }
        return streams;
    }

    /** Every agent opens its stream and sends its first heartbeat at the same moment, as after an outage. */
    private static List<AgentStream> openAllAtOnce(int intervalSecs) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(AGENTS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<AgentStream>> opened = new ArrayList<>();
            for (TestAgent agent : agents) {
                opened.add(threads.submit(() -> {
                    go.await();
                    AgentStream stream = agent.stream(server);
                    assertEquals(1, stream.exchange(heartbeat(1, intervalSecs)).getAckSequence());
                    return stream;
                }));
            }
            go.countDown();
            List<AgentStream> streams = new ArrayList<>();
            for (Future<AgentStream> stream : opened) {
                streams.add(stream.get());
            }
            return streams;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void report(String phase, long statements, Map<String, Long> before) {
        System.out.printf("[statement-budget] %s: %d statements over %d agents (%.4f per agent per second over %d s)%n",
                phase, statements, AGENTS, statements / (double) AGENTS / WINDOW.toSeconds(), WINDOW.toSeconds());
        counter.byStatement().forEach((sql, count) -> {
            long delta = count - before.getOrDefault(sql, 0L);
            if (delta > 0) {
                System.out.printf("[statement-budget]   %6d  %s%n", delta, sql);
            }
        });
    }

    /** Host rows online, read over a connection of its own (not through the counter). */
    private static int online() {
        try (Connection connection = DriverManager.getConnection(direct.jdbcUrl(), direct.user(), direct.password())) {
            return DSL.using(connection, SQLDialect.POSTGRES).fetchCount(HOST, HOST.STATUS.eq("online"),
                    HOST.ID.in(DSL.select(AGENT.HOST_ID).from(AGENT)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HeartbeatRequest heartbeat(long sequence, int intervalSecs) {
        Instant now = Instant.now();
        return HeartbeatRequest.newBuilder().setSequence(sequence).setIntervalSecs(intervalSecs).setAgentVersion("0.1.0-test")
                .setSentAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setVitals(Vitals.newBuilder().setCpuPercent(sequence % 100).setMemoryPercent(40).setRootDiskPercent(70)
                        .setLoad1(0.5).setUptimeSecs(3600 + sequence))
                .build();
    }

    /** Points the server at the counting proxy instead of PostgreSQL itself. */
    private static ServerConfig throughCounter(ServerConfig config) {
        DatabaseUrl url = config.databaseUrl().orElseThrow();
        direct = url;
        Matcher m = HOST_PORT.matcher(url.jdbcUrl());
        if (!m.find()) {
            throw new IllegalStateException("unexpected JDBC URL " + url.jdbcUrl());
        }
        try {
            if (counter == null) {
                counter = new PgStatementCounter(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String proxied = "jdbc:postgresql://127.0.0.1:" + counter.port() + "/" + url.jdbcUrl().substring(m.end());
        proxied += (proxied.contains("?") ? "&" : "?") + "sslmode=disable";
        return new ServerConfig(config.httpPort(), config.grpcPort(), config.dataDir(), config.roles(), config.secret(),
                config.pluginsDir(), Optional.of(new DatabaseUrl(proxied, url.user(), url.password())), config.mode(),
                config.grpcTls(), config.agentCa(), config.queueFsync(), config.queue(), config.ingestLimits());
    }
}
