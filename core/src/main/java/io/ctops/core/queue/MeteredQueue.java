package io.ctops.core.queue;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.spi.QueueBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The server's queue as everyone in it uses it: any backend (the local log or one from a plugin) with
 * the published and consumed counters of {@link QueueMetrics} kept here, so /metrics reads the same for
 * every backend and no backend has to know about them.
 */
public final class MeteredQueue implements QueueBackend {

    private final QueueBackend backend;
    private final QueueMetrics metrics;

    public MeteredQueue(QueueBackend backend, QueueMetrics metrics) {
        this.backend = requireNonNull(backend, "backend is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public <T extends Message> void publish(Topic<T> topic, String key, T message) {
        backend.publish(topic, key, message);
        metrics.published(topic.name()); // only once the backend accepted it
    }

    @Override
    public <T extends Message> CompletableFuture<Void> publishAsync(Topic<T> topic, String key, T message) {
        CompletableFuture<Void> counted = new CompletableFuture<>();
        // counted only if the backend accepted it; the backend's exception is passed on as it is
        backend.publishAsync(topic, key, message).whenComplete((ignored, failure) -> {
            if (failure == null) {
                metrics.published(topic.name());
                counted.complete(null);
            } else {
                counted.completeExceptionally(failure);
            }
        });
        return counted;
    }

    @Override
    public List<QueueRecord<?>> poll(String group, List<Topic<?>> topics, int max, Duration wait) throws InterruptedException {
        return backend.poll(group, topics, max, wait);
    }

    @Override
    public void commit(String group, List<QueueRecord<?>> batch) {
        backend.commit(group, batch);
        batch.forEach(record -> metrics.consumed(group, record.topic().name()));
    }

    @Override
    public Map<String, Long> lag(String group, List<Topic<?>> topics) {
        return backend.lag(group, topics);
    }

    @Override
    public void release(String group) {
        backend.release(group);
    }

    @Override
    public Optional<String> healthProblem() {
        return backend.healthProblem();
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
