package io.ctops.sdk.queue;

import com.google.protobuf.Message;

/**
 * Publishes messages on queue topics. Messages with the same key (usually a host id) are delivered
 * in the order they were published.
 */
public interface QueuePublisher {

    /**
     * Publishes one message. Returns once the queue has accepted it under its durability policy;
     * throws {@link QueueException} when it could not.
     */
    <T extends Message> void publish(Topic<T> topic, String key, T message);
}
