package io.ctops.plugin.queuekafka;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.EVENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.ctops.core.config.QueueChoice;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.plugin.PluginOperationException;
import io.ctops.core.plugin.PluginState;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.queue.spi.QueueSettings;
import io.ctops.sdk.testkit.AgentStream;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.TestAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real server with CT_OPS_QUEUE=kafka: heartbeats travel through the broker to the core consumers. */
class KafkaServerIT {

    static final Path PLUGIN_JAR = Path.of(System.getProperty("plugin.jar", "target/ctops-plugin-queue-kafka.jar"));
    private static final String PREFIX = "server-it.";

    @RegisterExtension
    @Order(1)
    static final KafkaTestBroker broker = KafkaTestBroker.create();

    @RegisterExtension
    @Order(2)
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(PLUGIN_JAR)
            .configure(config -> config.withQueue(QueueChoice.kafka(settings(broker, PREFIX))));

    static QueueSettings settings(KafkaTestBroker broker, String prefix) {
        return new QueueSettings(List.of(broker.bootstrap()), 3, 1, prefix, "server-it", Duration.ofSeconds(5));
    }

    @Test
    void aHeartbeatTravelsThroughKafkaToTheEventSpine() throws Exception {
        assertEquals(200, server.get("/healthz").statusCode(), server.get("/healthz").body());
        UUID org = server.createOrganisation("kafka-it");
        String token = server.identity().tokens().create(org, NewEnrolmentToken.named("kafka", true), "admin").secret();
        try (TestAgent agent = TestAgent.create("kafka-web-01", "10.9.0.1")) {
            UUID hostId = hostOf(server, agent, token);
            try (AgentStream stream = agent.stream(server)) {
                assertEquals(1, stream.exchange(heartbeat(1, Instant.now(), false)).getAckSequence());
            }
            CtopsTestServer.await("online and offline on the event spine, consumed from kafka", Duration.ofSeconds(30), () ->
                    server.dsl().fetchCount(EVENT, EVENT.HOST_ID.eq(hostId).and(EVENT.KIND.eq("host.status"))) >= 2);
            assertTrue(server.dsl().select(EVENT.SOURCE).from(EVENT).where(EVENT.HOST_ID.eq(hostId)).fetch(EVENT.SOURCE)
                    .stream().allMatch(source -> source.startsWith("agent.status#")));
        }
        assertTrue(endOffsets(broker, PREFIX + "metrics.raw") >= 1, "the vitals are on the broker's topic");
        assertTrue(endOffsets(broker, PREFIX + "agent.status") >= 2, "both transitions are on the broker's topic");
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("ctops_queue_published_total{topic=\"metrics.raw\"} "), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("ctops_queue_consumed_total{") && l.contains("core.event-spine")), metrics);
        CtopsTestServer.await("the event spine caught up (lag from the broker)", Duration.ofSeconds(20), () ->
                server.get("/metrics").body().lines().anyMatch(l -> l.startsWith("ctops_queue_lag{")
                        && l.contains("group=\"core.event-spine\"") && l.contains("topic=\"agent.status\"") && l.endsWith(" 0")));
    }

    @Test
    void thePluginThatProvidesTheQueueCannotBeDisabled() {
        PluginOperationException refused = assertThrows(PluginOperationException.class,
                () -> server.plugins().disable("queue-kafka"));
        assertTrue(refused.getMessage().contains("it provides the server's queue (CT_OPS_QUEUE=kafka)"), refused.getMessage());
        assertEquals(PluginState.STARTED, server.plugins().plugin("queue-kafka").orElseThrow().state());
        assertEquals(200, server.get("/healthz").statusCode());
    }

    static UUID hostOf(CtopsTestServer server, TestAgent agent, String token) {
        String agentId = agent.register(server, token).getAgentId();
        return server.dsl().select(AGENT.HOST_ID).from(AGENT).where(AGENT.ID.eq(UUID.fromString(agentId))).fetchOne(AGENT.HOST_ID);
    }

    static HeartbeatRequest heartbeat(long sequence, Instant sentAt, boolean replayed) {
        return HeartbeatRequest.newBuilder().setSequence(sequence).setIntervalSecs(10).setAgentVersion("0.1.0-test")
                .setReplayed(replayed)
                .setSentAt(Timestamp.newBuilder().setSeconds(sentAt.getEpochSecond()).setNanos(sentAt.getNano()))
                .setVitals(Vitals.newBuilder().setCpuPercent(12.5).setMemoryPercent(40).setRootDiskPercent(70).setUptimeSecs(60))
                .build();
    }

    static long endOffsets(KafkaTestBroker broker, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, "it-offsets-" + UUID.randomUUID()))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
        }
    }
}
