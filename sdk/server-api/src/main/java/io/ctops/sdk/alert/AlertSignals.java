package io.ctops.sdk.alert;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import io.ctops.proto.queue.v1.AlertSignal;
import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.Topic;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The topic that carries alert signals and the two ways to publish on it. Messages are keyed by host
 * so one host's signals stay in order.
 */
public final class AlertSignals {

    /** Signals alert rules watch; payload {@link AlertSignal}. */
    public static final Topic<AlertSignal> TOPIC = Topic.of("alerts.signals", AlertSignal.parser());

    private AlertSignals() {
    }

    /** Publishes the latest value of each series of one host. */
    public static void metrics(QueuePublisher queue, String source, UUID orgId, UUID hostId, Instant at,
                               Map<String, Double> values) {
        requireNonNull(values, "values is null");
        queue.publish(TOPIC, hostId.toString(), base(source, orgId, hostId, at).putAllMetrics(values).build());
    }

    /**
     * Like {@link #metrics}, without waiting: the future completes once the queue has accepted the signal
     * (see {@link QueuePublisher#publishAsync}). A consumer that publishes one signal per host of a batch
     * publishes them all this way and then waits for all of them, so that the queue makes them durable
     * together instead of one sync each.
     */
    public static CompletableFuture<Void> metricsAsync(QueuePublisher queue, String source, UUID orgId, UUID hostId,
                                                       Instant at, Map<String, Double> values) {
        requireNonNull(values, "values is null");
        return queue.publishAsync(TOPIC, hostId.toString(), base(source, orgId, hostId, at).putAllMetrics(values).build());
    }

    /** Publishes a change of one subject's state on one host. */
    public static void statusChange(QueuePublisher queue, String source, UUID orgId, UUID hostId, Instant at,
                                    AlertSignal.StatusChange change) {
        requireNonNull(change, "change is null");
        queue.publish(TOPIC, hostId.toString(), base(source, orgId, hostId, at).setStatusChange(change).build());
    }

    private static AlertSignal.Builder base(String source, UUID orgId, UUID hostId, Instant at) {
        return AlertSignal.newBuilder()
                .setSource(requireNonNull(source, "source is null"))
                .setOrgId(orgId.toString())
                .setHostId(hostId.toString())
                .setAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()));
    }
}
