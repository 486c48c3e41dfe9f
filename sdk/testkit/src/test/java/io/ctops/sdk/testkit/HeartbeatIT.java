package io.ctops.sdk.testkit;

import static io.ctops.db.jooq.Tables.EVENT;
import static io.ctops.db.jooq.Tables.HOST;
import static io.ctops.db.jooq.Tables.HOST_STATUS_HISTORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.plugin.fixture.GreetingContributor;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.ctops.proto.agent.v1.Vitals;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.Topics;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Heartbeats over mTLS drive host status, batched vitals and queue messages; bad ones are refused. */
class HeartbeatIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(
            PluginJarBuilder.plugin("greeter", "1.0.0").extension(GreetingContributor.class).writeTo(FixtureJars.newDir()));

    private static String token;

    @BeforeAll
    static void enrolment() {
        UUID org = server.createOrganisation("heartbeat-it");
        token = server.identity().tokens().create(org, NewEnrolmentToken.named("hb", true), "admin").secret();
    }

    @Test
    void aHeartbeatBringsTheHostOnlineWithItsVitalsAndClosingTheStreamTakesItOffline() {
        try (TestAgent agent = TestAgent.create("hb-web-01", "10.8.0.1")) {
            UUID hostId = hostOf(agent);
            long statusBefore = published("agent.status");
            long metricsBefore = published("metrics.raw");
            try (AgentStream stream = agent.stream(server)) {
                HeartbeatResponse answer = stream.exchange(heartbeat(1, 10, 42.5));
                assertEquals(1, answer.getAckSequence());
                assertEquals("greet", answer.getCommands(0).getName(), "a plugin's HeartbeatContributor reaches the agent");
                assertEquals(hostId.toString(), answer.getCommands(0).getArgumentsOrThrow("host"));
                assertTrue(answer.getReplaceChecks(), "every contributor answered: its checks (none) are the whole set");
                // transitions are written at the next status flush (once a second)
                CtopsTestServer.await("host online", Duration.ofSeconds(10), () -> "online".equals(status(hostId)));
                CtopsTestServer.await("vitals flushed to the host row", Duration.ofSeconds(10), () ->
                        Double.valueOf(42.5).equals(server.dsl().select(HOST.CPU_PERCENT).from(HOST).where(HOST.ID.eq(hostId))
                                .fetchOne(HOST.CPU_PERCENT)));
                assertTrue(published("metrics.raw") > metricsBefore);
            }
            CtopsTestServer.await("host offline after the stream closed", Duration.ofSeconds(10), () -> "offline".equals(status(hostId)));
            assertTrue(server.dsl().fetchExists(HOST_STATUS_HISTORY, HOST_STATUS_HISTORY.HOST_ID.eq(hostId)
                    .and(HOST_STATUS_HISTORY.TO_STATUS.eq("offline")).and(HOST_STATUS_HISTORY.REASON.eq("stream closed by the agent"))));
            assertTrue(published("agent.status") >= statusBefore + 2, "online and offline were both published");
            CtopsTestServer.await("both transitions on the event spine", Duration.ofSeconds(15), () ->
                    server.dsl().fetchCount(EVENT, EVENT.HOST_ID.eq(hostId).and(EVENT.KIND.eq("host.status"))) >= 2);
        }
    }

    @Test
    void aShutdownEndsOpenStreamsWithUnavailableAndTheAgentCarriesOnAfterTheRestart() throws Exception {
        try (TestAgent agent = TestAgent.create("hb-restart-01", "10.8.0.9")) {
            UUID hostId = hostOf(agent);
            AgentStream stream = agent.stream(server);
            assertEquals(1, stream.exchange(heartbeat(1, 10, 12.5)).getAckSequence());

            server.restart();

            // told to reconnect by the draining server, not cut off when a grace period ran out
            StatusRuntimeException ended = assertThrows(StatusRuntimeException.class, stream::next);
            assertEquals(Status.Code.UNAVAILABLE, ended.getStatus().getCode());
            assertTrue(String.valueOf(ended.getStatus().getDescription()).startsWith("server shutting down"),
                    ended.getStatus().toString());
            try (AgentStream again = agent.stream(server)) {
                assertEquals(2, again.exchange(heartbeat(2, 10, 13.5)).getAckSequence());
                CtopsTestServer.await("host online again", Duration.ofSeconds(10), () -> "online".equals(status(hostId)));
            }
        }
    }

    @Test
    void aSilentStreamIsSweptOfflineAfterTwiceItsInterval() {
        try (TestAgent agent = TestAgent.create("hb-silent-01", "10.8.0.2")) {
            UUID hostId = hostOf(agent);
            try (AgentStream stream = agent.stream(server)) {
                stream.exchange(heartbeat(1, 1, 5));
                CtopsTestServer.await("host online", Duration.ofSeconds(10), () -> "online".equals(status(hostId)));
                CtopsTestServer.await("host swept offline", Duration.ofSeconds(15), () -> "offline".equals(status(hostId)));
                assertTrue(server.dsl().fetchExists(HOST_STATUS_HISTORY, HOST_STATUS_HISTORY.HOST_ID.eq(hostId)
                        .and(HOST_STATUS_HISTORY.REASON.startsWith("no heartbeat for more than twice its interval"))));

                // the late agent goes on on the same stream: its heartbeats bring the host back
                long[] sequence = {2};
                CtopsTestServer.await("host online again", Duration.ofSeconds(15), () -> {
                    stream.exchange(heartbeat(sequence[0]++, 1, 5));
                    sleep(Duration.ofMillis(600));
                    return "online".equals(status(hostId));
                });
                assertTrue(server.dsl().fetchExists(HOST_STATUS_HISTORY, HOST_STATUS_HISTORY.HOST_ID.eq(hostId)
                        .and(HOST_STATUS_HISTORY.TO_STATUS.eq("online")).and(HOST_STATUS_HISTORY.REASON.eq("heartbeats resumed"))));
            }
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

    @Test
    void aBurstFasterThanTheIntervalIsAcknowledgedButStoredOncePerHalfInterval() {
        try (TestAgent agent = TestAgent.create("hb-flood-01", "10.8.0.3")) {
            hostOf(agent);
            long storedBefore = server.heartbeatCounters().stored();
            long limitedBefore = server.heartbeatCounters().rateLimited();
            try (AgentStream stream = agent.stream(server)) {
                // ten is the burst ingest reads at once; more would be read two per interval (LoadtestMisbehaviourIT)
                for (int i = 1; i <= 10; i++) {
                    assertEquals(i, stream.exchange(heartbeat(i, 10, 10)).getAckSequence());
                }
            }
            assertEquals(1, server.heartbeatCounters().stored() - storedBefore);
            assertEquals(9, server.heartbeatCounters().rateLimited() - limitedBefore);
        }
    }

    @Test
    void samplesTakenAnIntervalApartAreStoredEvenWhenTheyArriveTogether() {
        // an agent or a network path that stalled delivers two heartbeats at once: both are samples
        try (TestAgent agent = TestAgent.create("hb-stall-01", "10.8.0.5")) {
            hostOf(agent);
            long storedBefore = server.heartbeatCounters().stored();
            long limitedBefore = server.heartbeatCounters().rateLimited();
            Instant now = Instant.now();
            try (AgentStream stream = agent.stream(server)) {
                assertEquals(1, stream.exchange(heartbeat(1, 10, 10).toBuilder().setSentAt(at(now.minusSeconds(10))).build())
                        .getAckSequence());
                assertEquals(2, stream.exchange(heartbeat(2, 10, 20).toBuilder().setSentAt(at(now)).build()).getAckSequence());
                // the same sample time again adds nothing
                assertEquals(3, stream.exchange(heartbeat(3, 10, 30).toBuilder().setSentAt(at(now)).build()).getAckSequence());
            }
            assertEquals(2, server.heartbeatCounters().stored() - storedBefore);
            assertEquals(1, server.heartbeatCounters().rateLimited() - limitedBefore);
        }
    }

    @Test
    void outOfRangeValuesAndImpossibleTimestampsAreRefused() {
        try (TestAgent agent = TestAgent.create("hb-bad-01", "10.8.0.4")) {
            hostOf(agent);
            assertInvalid(agent, heartbeat(1, 10, 150), "vitals.cpu_percent must be a number from 0 to 100");
            assertInvalid(agent, heartbeat(1, 10, 5).toBuilder().setVitals(Vitals.newBuilder().setMemoryPercent(Double.NaN)).build(),
                    "vitals.memory_percent must be a number from 0 to 100");
            assertInvalid(agent, heartbeat(1, 10, 5).toBuilder().setVitals(Vitals.newBuilder().setLoad1(-1)).build(),
                    "vitals.load1 must be a finite number of at least 0");
            assertInvalid(agent, heartbeat(1, 10, 5).toBuilder().setSentAt(at(Instant.now().plus(Duration.ofHours(2)))).build(),
                    "sent_at is in the future");
            assertInvalid(agent, heartbeat(1, 10, 5).toBuilder().setSentAt(at(Instant.now().minus(Duration.ofDays(2)))).build(),
                    "sent_at is older than 1 h");
            // a replayed (spooled) heartbeat of two days ago is accepted
            try (AgentStream stream = agent.stream(server)) {
                assertEquals(1, stream.exchange(heartbeat(1, 10, 5).toBuilder().setReplayed(true)
                        .setSentAt(at(Instant.now().minus(Duration.ofDays(2)))).build()).getAckSequence());
            }
        }
    }

    @Test
    void eventsRawReachTheEventSpineWithTheirPayload() {
        UUID org = server.createOrganisation("spine-" + UUID.randomUUID());
        EventRaw event = EventRaw.newBuilder().setOrgId(org.toString()).setKind("deploy")
                .setMessage("release 42 rolled out").setAt(at(Instant.now())).build();
        server.publish(Topics.EVENTS_RAW, "deploy", event);
        CtopsTestServer.await("event stored", Duration.ofSeconds(15), () ->
                server.dsl().fetchCount(EVENT, EVENT.ORG_ID.eq(org).and(EVENT.SUMMARY.eq("release 42 rolled out"))) == 1);
        assertEquals("deploy", server.dsl().select(EVENT.KIND).from(EVENT).where(EVENT.ORG_ID.eq(org)).fetchOne(EVENT.KIND));
        assertTrue(server.dsl().select(EVENT.PAYLOAD).from(EVENT).where(EVENT.ORG_ID.eq(org)).fetchOne(EVENT.PAYLOAD)
                .data().replace(" ", "").contains("\"kind\":\"deploy\""));
    }

    private static void assertInvalid(TestAgent agent, HeartbeatRequest heartbeat, String message) {
        try (AgentStream stream = agent.stream(server)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stream.exchange(heartbeat));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
            assertEquals(message, e.getStatus().getDescription());
        }
    }

    private static HeartbeatRequest heartbeat(long sequence, int intervalSecs, double cpu) {
        return HeartbeatRequest.newBuilder().setSequence(sequence).setIntervalSecs(intervalSecs).setAgentVersion("0.1.0-test")
                .setSentAt(at(Instant.now()))
                .setVitals(Vitals.newBuilder().setCpuPercent(cpu).setMemoryPercent(40).setRootDiskPercent(70)
                        .setLoad1(0.5).setUptimeSecs(3600))
                .build();
    }

    private static Timestamp at(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static UUID hostOf(TestAgent agent) {
        String agentId = agent.register(server, token).getAgentId();
        return server.dsl().select(io.ctops.db.jooq.Tables.AGENT.HOST_ID).from(io.ctops.db.jooq.Tables.AGENT)
                .where(io.ctops.db.jooq.Tables.AGENT.ID.eq(UUID.fromString(agentId))).fetchOne(io.ctops.db.jooq.Tables.AGENT.HOST_ID);
    }

    private static String status(UUID hostId) {
        return server.dsl().select(HOST.STATUS).from(HOST).where(HOST.ID.eq(hostId)).fetchOne(HOST.STATUS);
    }

    private static long published(String topic) {
        String prefix = "ctops_queue_published_total{topic=\"" + topic + "\"} ";
        return server.get("/metrics").body().lines().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> Long.parseLong(l.substring(prefix.length()).trim())).sum();
    }
}
