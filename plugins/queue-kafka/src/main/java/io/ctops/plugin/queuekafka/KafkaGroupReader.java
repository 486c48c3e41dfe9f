package io.ctops.plugin.queuekafka;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer group's member: a Kafka consumer that commits exactly the offsets of a handled batch,
 * synchronously, and never on its own. The queue contract says a batch polled but not committed comes
 * again, in the same order, on the next poll (the server counts attempts of a batch by its first record),
 * while a Kafka consumer moves on after every poll. So the records taken from Kafka stay here until they
 * are committed, and a poll hands out the oldest of them first; meanwhile the partitions are paused, and
 * polling Kafka only keeps the membership alive. A rebalance that takes partitions away drops their
 * records: the new owner reads them again from the last commit.
 *
 * <p>Used by the group's consumer thread; {@link #close} may come from another thread once that one is
 * done, hence the lock.
 */
final class KafkaGroupReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaGroupReader.class);

    private final String group;
    private final Consumer<String, byte[]> consumer;
    private final KafkaNames names;
    private final Duration commitTimeout;
    /** Taken from Kafka, not yet committed, in the order Kafka gave them (per partition: by offset). */
    private final List<QueueRecord<?>> uncommitted = new ArrayList<>();
    private Map<String, Topic<?>> subscribed = Map.of();

    KafkaGroupReader(String group, Consumer<String, byte[]> consumer, KafkaNames names, Duration commitTimeout) {
        this.group = requireNonNull(group, "group is null");
        this.consumer = requireNonNull(consumer, "consumer is null");
        this.names = requireNonNull(names, "names is null");
        this.commitTimeout = requireNonNull(commitTimeout, "commitTimeout is null");
    }

    synchronized List<QueueRecord<?>> poll(List<Topic<?>> topics, int max, Duration wait, KafkaTopics topicsOnCluster)
            throws InterruptedException {
        subscribe(topics, topicsOnCluster);
        if (uncommitted.isEmpty()) {
            consumer.resume(consumer.paused());
            take(pollKafka(wait));
        } else {
            // nothing new until these are committed; polling keeps this member in the group
            consumer.pause(consumer.assignment());
            take(pollKafka(Duration.ZERO));
        }
        return List.copyOf(uncommitted.subList(0, Math.min(max, uncommitted.size())));
    }

    private ConsumerRecords<String, byte[]> pollKafka(Duration wait) throws InterruptedException {
        try {
            return consumer.poll(wait);
        } catch (InterruptException e) {
            throw new InterruptedException("interrupted while polling for consumer group " + group);
        } catch (KafkaException e) {
            throw new QueueException("kafka poll failed for consumer group " + group + ": " + e.getMessage(), e);
        }
    }

    private void take(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            QueueRecord<?> delivered = toQueueRecord(subscribed.get(record.topic()), record);
            if (delivered != null) {
                uncommitted.add(delivered);
            }
        }
    }

    private void subscribe(List<Topic<?>> topics, KafkaTopics topicsOnCluster) {
        Map<String, Topic<?>> wanted = new LinkedHashMap<>();
        topics.forEach(t -> wanted.put(names.topic(t.name()), t));
        if (wanted.equals(subscribed)) {
            return;
        }
        topicsOnCluster.ensure(topics.stream().map(Topic::name).toList(), commitTimeout);
        consumer.subscribe(wanted.keySet(), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // another member reads them from the committed offsets now
                uncommitted.removeIf(r -> partitions.contains(partitionOf(r)));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                LOG.info("Consumer group {}: assigned {}", group, partitions);
            }
        });
        subscribed = wanted;
    }

    private <T extends Message> QueueRecord<T> toQueueRecord(Topic<T> topic, ConsumerRecord<String, byte[]> record) {
        T payload;
        try {
            payload = topic.parse(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            // not ours to handle: the producer was not this queue; skipped like a damaged record of the local log
            LOG.warn("Consumer group {}: skipping {}-{}@{}, not a {} message: {}", group, record.topic(), record.partition(),
                    record.offset(), topic.name(), e.getMessage());
            return null;
        }
        return new QueueRecord<>(topic, record.key() == null ? "" : record.key(), payload,
                KafkaOffsets.encode(record.partition(), record.offset()), Instant.ofEpochMilli(record.timestamp()));
    }

    /** Commits the offsets after every record of the batch, synchronously. */
    synchronized void commit(List<QueueRecord<?>> batch) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (QueueRecord<?> record : batch) {
            next.merge(partitionOf(record), KafkaOffsets.position(record.offset()) + 1, Math::max);
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        try {
            consumer.commitSync(offsets, commitTimeout);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // the partitions moved to another member, which reads them again from the last commit: at-least-once holds
            LOG.info("Consumer group {}: commit refused during a rebalance; those records will be delivered again", group);
            uncommitted.removeIf(r -> next.containsKey(partitionOf(r)));
            return;
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
            throw new QueueException("interrupted while committing for consumer group " + group, e);
        } catch (KafkaException e) {
            throw new QueueException("kafka commit failed for consumer group " + group + ": " + e.getMessage(), e);
        }
        // a Kafka commit covers everything before the offset in its partition
        uncommitted.removeIf(r -> {
            Long committed = next.get(partitionOf(r));
            return committed != null && KafkaOffsets.position(r.offset()) < committed;
        });
    }

    private TopicPartition partitionOf(QueueRecord<?> record) {
        return new TopicPartition(names.topic(record.topic().name()), KafkaOffsets.partition(record.offset()));
    }

    @Override
    public synchronized void close() {
        try {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(commitTimeout));
        } catch (KafkaException e) {
            LOG.warn("Consumer group {}: closing its kafka consumer failed: {}", group, e.toString());
        }
    }
}
