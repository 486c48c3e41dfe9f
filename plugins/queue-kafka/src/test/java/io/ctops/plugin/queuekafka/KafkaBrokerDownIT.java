package io.ctops.plugin.queuekafka;

import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.config.QueueChoice;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.proto.queue.v1.MetricsRaw;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import io.ctops.sdk.testkit.AgentStream;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.TestAgent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker is down when the server starts: the server starts anyway and says so on /healthz, heartbeats
 * are refused (so the agent keeps them) instead of hanging, and once the broker is up the resent
 * heartbeat and new publishes go through.
 */
class KafkaBrokerDownIT {

    private static final String PREFIX = "down-it.";

    @RegisterExtension
    @Order(1)
    static final KafkaTestBroker broker = KafkaTestBroker.create().notStartedBeforeTests();

    @RegisterExtension
    @Order(2)
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(KafkaServerIT.PLUGIN_JAR)
            .configure(config -> config.withQueue(QueueChoice.kafka(KafkaServerIT.settings(broker, PREFIX))));

    @Test
    void theServerStartsReportsTheBrokerAndLosesNothingOnceItIsBack() throws Exception {
        // the first check may still be running ("not reached yet"); it ends in "unreachable"
        CtopsTestServer.await("/healthz names the unreachable broker", Duration.ofSeconds(20), () ->
                server.get("/healthz").body().equals("queue: kafka broker unreachable at " + broker.bootstrap()));
        assertEquals(503, server.get("/healthz").statusCode());

        UUID org = server.createOrganisation("kafka-down-it");
        String token = server.identity().tokens().create(org, NewEnrolmentToken.named("down", true), "admin").secret();
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (TestAgent agent = TestAgent.create("kafka-down-01", "10.9.1.1")) {
            UUID hostId = KafkaServerIT.hostOf(server, agent, token);
            try (AgentStream stream = agent.stream(server)) {
                StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                        () -> stream.exchange(KafkaServerIT.heartbeat(1, sentAt, false)));
                assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), "not acknowledged: the agent keeps it");
            }
            Thread.sleep(2500); // the vitals batcher writes once a second: time for a wrongly offered row to show
            assertNull(server.dsl().select(HOST.VITALS_AT).from(HOST).where(HOST.ID.eq(hostId)).fetchOne(HOST.VITALS_AT),
                    "the vitals of a heartbeat the queue refused are not on the host row");

            broker.start();
            CtopsTestServer.await("/healthz ok once the broker is up", Duration.ofSeconds(30),
                    () -> server.get("/healthz").statusCode() == 200);

            // the agent sends its spooled heartbeat again, marked as replayed
            try (AgentStream stream = agent.stream(server)) {
                assertEquals(1, stream.exchange(KafkaServerIT.heartbeat(1, sentAt, true)).getAckSequence());
            }
            assertTrue(metricsOf(hostId).contains(sentAt), "the heartbeat refused while the broker was down is in the queue now");
        }

        UUID eventOrg = server.createOrganisation("kafka-down-events");
        server.publish(Topics.EVENTS_RAW, "deploy", EventRaw.newBuilder().setOrgId(eventOrg.toString()).setKind("deploy")
                .setMessage("published after the outage").build());
        CtopsTestServer.await("a publish after the outage reaches the event spine", Duration.ofSeconds(30), () ->
                server.dsl().fetchCount(io.ctops.db.jooq.Tables.EVENT, io.ctops.db.jooq.Tables.EVENT.ORG_ID.eq(eventOrg)) == 1);
    }

    /** The collection times of the host's vitals on metrics.raw, read back from the broker by a group of our own. */
    private static List<Instant> metricsOf(UUID hostId) throws Exception {
        List<Instant> times = new ArrayList<>();
        List<Topic<?>> topics = List.of(Topics.METRICS_RAW);
        try (KafkaQueue reader = KafkaQueue.open(KafkaServerIT.settings(broker, PREFIX))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (times.isEmpty() && System.nanoTime() < deadline) {
                List<QueueRecord<?>> batch = reader.poll("down-it.reader", topics, 100, Duration.ofMillis(500));
                for (QueueRecord<?> record : batch) {
                    MetricsRaw metrics = record.payloadOf(Topics.METRICS_RAW);
                    if (metrics.getHostId().equals(hostId.toString())) {
                        times.add(Instant.ofEpochSecond(metrics.getCollectedAt().getSeconds(), metrics.getCollectedAt().getNanos()));
                    }
                }
                reader.commit("down-it.reader", batch);
            }
        }
        return times;
    }
}
