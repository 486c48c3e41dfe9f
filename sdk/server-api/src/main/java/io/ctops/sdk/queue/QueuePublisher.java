package io.ctops.sdk.queue;

import com.google.protobuf.Message;
import java.util.concurrent.CompletableFuture;

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

    /**
     * Publishes one message without waiting for it: the future completes once the queue has accepted it
     * under the same durability policy as {@link #publish}, or fails with a {@link QueueException} when it
     * could not. Messages published one after another by one thread keep their order, and so do their
     * futures' completions, so one caller can have many messages in flight (the queue then makes them
     * durable together). Callbacks on the future may run on a queue thread: they must not block.
     *
     * <p>The default publishes synchronously and returns a completed or failed future; backends that can
     * do better override it.
     */
    default <T extends Message> CompletableFuture<Void> publishAsync(Topic<T> topic, String key, T message) {
        try {
            publish(topic, key, message);
            return CompletableFuture.completedFuture(null);
        } catch (QueueException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
