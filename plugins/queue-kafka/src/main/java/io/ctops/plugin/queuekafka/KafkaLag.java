package io.ctops.plugin.queuekafka;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A group's lag from the cluster's own records (committed offsets against end offsets), so it can be read
 * from any thread and any server instance, not only from the one whose consumer holds the partitions.
 */
final class KafkaLag {

    private static final long TIMEOUT_MS = 2_000;

    private final Admin admin;
    private final KafkaNames names;

    KafkaLag(Admin admin, KafkaNames names) {
        this.admin = requireNonNull(admin, "admin is null");
        this.names = requireNonNull(names, "names is null");
    }

    /** Records not yet committed by the group, per queue topic; a partition never committed counts from its start. */
    Map<String, Long> of(String group, List<String> queueTopics)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> kafkaTopics = queueTopics.stream().map(names::topic).toList();
        Map<String, TopicDescription> described = admin.describeTopics(kafkaTopics).allTopicNames()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(names.group(group))
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> neverCommitted = new HashMap<>();
        latest.keySet().stream().filter(p -> committed.get(p) == null).forEach(p -> neverCommitted.put(p, OffsetSpec.earliest()));
        Map<TopicPartition, ListOffsetsResultInfo> starts = neverCommitted.isEmpty() ? Map.of()
                : admin.listOffsets(neverCommitted).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);

        Map<String, Long> lag = new HashMap<>();
        queueTopics.forEach(t -> lag.put(t, 0L));
        ends.forEach((partition, end) -> {
            OffsetAndMetadata done = committed.get(partition);
            long from = done != null ? done.offset() : starts.get(partition).offset();
            lag.merge(names.queueTopic(partition.topic()), Math.max(0, end.offset() - from), Long::sum);
        });
        return lag;
    }
}
