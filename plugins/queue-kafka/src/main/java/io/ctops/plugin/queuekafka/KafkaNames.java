package io.ctops.plugin.queuekafka;

import static java.util.Objects.requireNonNull;

/**
 * Topic and consumer group names on the cluster: the operator's prefix ({@code CT_OPS_KAFKA_TOPIC_PREFIX})
 * before the queue's own names, so several installations can share one cluster.
 */
record KafkaNames(String prefix) {

    KafkaNames {
        requireNonNull(prefix, "prefix is null");
    }

    String topic(String queueTopic) {
        return prefix + queueTopic;
    }

    String group(String queueGroup) {
        return prefix + queueGroup;
    }

    /** The queue's name of a cluster topic. */
    String queueTopic(String kafkaTopic) {
        if (!kafkaTopic.startsWith(prefix)) {
            throw new IllegalArgumentException(kafkaTopic + " does not start with the topic prefix '" + prefix + "'");
        }
        return kafkaTopic.substring(prefix.length());
    }
}
