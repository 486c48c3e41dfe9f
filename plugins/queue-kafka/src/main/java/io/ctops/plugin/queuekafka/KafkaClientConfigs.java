package io.ctops.plugin.queuekafka;

import static java.util.Objects.requireNonNull;

import io.ctops.sdk.queue.spi.QueueSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The settings of the Kafka clients the queue uses, derived from the operator's {@link QueueSettings}. */
final class KafkaClientConfigs {

    /** How long the producer waits to fill a batch; short, because every publish waits for its acknowledgement. */
    static final int LINGER_MS = 1;
    /** A consumer that stops heartbeating loses its partitions after this (Kafka's own default is 45 s). */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final QueueSettings settings;

    KafkaClientConfigs(QueueSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * Idempotent, acks from every in-sync replica, and bounded waits: {@code send} blocks at most the
     * publish timeout for metadata or buffer space, and a record not acknowledged by then fails, so a
     * heartbeat thread never waits longer than that for a broker that is down.
     */
    Map<String, Object> producer() {
        long timeout = settings.publishTimeout().toMillis();
        Map<String, Object> config = common("producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence keeps in order
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
        // the producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout - LINGER_MS));
        return config;
    }

    /** One consumer per group: no automatic commits (the server commits a batch once handled), oldest first for a new group. */
    Map<String, Object> consumer(String kafkaGroup, String queueGroup, int maxPollRecords) {
        Map<String, Object> config = common(queueGroup);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, kafkaGroup);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // the queue creates its topics with the operator's settings
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis() / 3);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.publishTimeout().toMillis());
        return config;
    }

    Map<String, Object> admin() {
        Map<String, Object> config = common("admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis() * 2);
        return config;
    }

    private Map<String, Object> common(String role) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", settings.servers()));
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, settings.clientId() + "-" + role);
        return config;
    }
}
