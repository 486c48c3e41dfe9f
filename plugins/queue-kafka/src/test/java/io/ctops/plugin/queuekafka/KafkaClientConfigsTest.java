package io.ctops.plugin.queuekafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.sdk.queue.spi.QueueSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientConfigsTest {

    private final KafkaClientConfigs configs = new KafkaClientConfigs(
            new QueueSettings(List.of("k1:9092", "k2:9092"), 6, 3, "prod.", "ctops-eu", Duration.ofSeconds(7)));

    @Test
    void theProducerIsIdempotentWaitsForEveryReplicaAndNeverBlocksLongerThanThePublishTimeout() {
        Map<String, Object> producer = configs.producer();
        assertEquals("k1:9092,k2:9092", producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("all", producer.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(7000L, producer.get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        assertEquals(7000, producer.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        int request = (Integer) producer.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        int linger = (Integer) producer.get(ProducerConfig.LINGER_MS_CONFIG);
        assertTrue(request + linger <= 7000, "Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms");
        assertEquals("ctops-eu-producer", producer.get(ProducerConfig.CLIENT_ID_CONFIG));
    }

    @Test
    void consumersNeverCommitOnTheirOwnAndANewGroupStartsAtTheBeginning() {
        Map<String, Object> consumer = configs.consumer("prod.core.event-spine", "core.event-spine", 250);
        assertEquals("prod.core.event-spine", consumer.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(false, consumer.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("earliest", consumer.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals(250, consumer.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals(false, consumer.get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG));
        assertEquals("ctops-eu-core.event-spine", consumer.get(ConsumerConfig.CLIENT_ID_CONFIG));
    }
}
