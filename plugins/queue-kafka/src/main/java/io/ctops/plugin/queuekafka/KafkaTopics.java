package io.ctops.plugin.queuekafka;

import static java.util.Objects.requireNonNull;

import io.ctops.sdk.queue.QueueException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the queue's topics on the cluster with the operator's partitions and replication factor, once
 * each: the core topics at start, a plugin's topics when they are first published to or read. A topic
 * that exists already (another server instance made it) counts as created.
 */
final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private final Admin admin;
    private final KafkaNames names;
    private final int partitions;
    private final short replicationFactor;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    KafkaTopics(Admin admin, KafkaNames names, int partitions, int replicationFactor) {
        this.admin = requireNonNull(admin, "admin is null");
        this.names = requireNonNull(names, "names is null");
        this.partitions = partitions;
        this.replicationFactor = (short) replicationFactor;
    }

    /**
     * Makes sure these queue topics exist, waiting at most {@code timeout}.
     *
     * @throws QueueException when one could not be created (broker unreachable, too few brokers, ...)
     */
    void ensure(Collection<String> queueTopics, Duration timeout) {
        if (created.containsAll(queueTopics)) {
            return; // every publish asks: answer from memory
        }
        List<String> missing = queueTopics.stream().filter(t -> !created.contains(t)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        // with three or more copies, acks=all waits for two of them, so one broker may fail without losing data
        String minInSync = String.valueOf(replicationFactor >= 3 ? 2 : 1);
        List<NewTopic> requests = missing.stream()
                .map(t -> new NewTopic(names.topic(t), partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInSync)))
                .toList();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(requests,
                new CreateTopicsOptions().timeoutMs((int) timeout.toMillis())).values();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String topic : missing) {
            try {
                results.get(names.topic(topic)).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                LOG.info("Kafka topic {} created: {} partition(s), replication factor {}", names.topic(topic), partitions,
                        replicationFactor);
                created.add(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    created.add(topic);
                } else {
                    throw new QueueException("kafka topic " + names.topic(topic) + " could not be created: "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new QueueException("kafka topic " + names.topic(topic) + " could not be created within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueueException("interrupted while creating kafka topic " + names.topic(topic), e);
            }
        }
    }
}
