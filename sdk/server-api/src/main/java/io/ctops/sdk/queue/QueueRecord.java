package io.ctops.sdk.queue;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import java.time.Instant;

/**
 * One message as a consumer receives it.
 *
 * @param topic the topic it was published on
 * @param key its ordering key
 * @param payload the message
 * @param offset its position in the topic; unique per topic, so handlers can write idempotently
 * @param publishedAt when the queue accepted it
 */
public record QueueRecord<T extends Message>(Topic<T> topic, String key, T payload, long offset, Instant publishedAt) {

    public QueueRecord {
        requireNonNull(topic, "topic is null");
        requireNonNull(key, "key is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(publishedAt, "publishedAt is null");
    }

    /** The payload as the given type, when this record is from that topic. */
    public <M extends Message> M payloadOf(Topic<M> expected) {
        if (!topic.name().equals(expected.name())) {
            throw new IllegalArgumentException("record is from topic " + topic.name() + ", not " + expected.name());
        }
        @SuppressWarnings("unchecked") // same topic name means same payload type
        M typed = (M) payload;
        return typed;
    }
}
