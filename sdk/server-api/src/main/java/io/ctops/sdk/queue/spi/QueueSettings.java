package io.ctops.sdk.queue.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The operator's settings for a queue that runs on a broker cluster, read and checked by the server
 * before any plugin starts (for Kafka the {@code CT_OPS_KAFKA_*} variables).
 *
 * @param servers addresses ({@code host:port}) to reach the cluster first; never empty
 * @param partitions partitions of each topic the queue creates
 * @param replicationFactor copies of each partition the queue creates
 * @param topicPrefix put before every topic and consumer group name, so several installations can share a cluster; may be empty
 * @param clientId names this server to the cluster (logs, quotas)
 * @param publishTimeout the longest a publish may wait before it fails; bounds how long a heartbeat waits for the queue
 */
public record QueueSettings(List<String> servers, int partitions, int replicationFactor, String topicPrefix,
                            String clientId, Duration publishTimeout) {

    public QueueSettings {
        servers = List.copyOf(requireNonNull(servers, "servers is null"));
        requireNonNull(topicPrefix, "topicPrefix is null");
        requireNonNull(clientId, "clientId is null");
        requireNonNull(publishTimeout, "publishTimeout is null");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers is empty");
        }
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partitions and replicationFactor must be positive");
        }
        if (publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be positive");
        }
    }
}
