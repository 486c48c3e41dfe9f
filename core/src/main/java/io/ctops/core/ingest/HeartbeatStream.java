package io.ctops.core.ingest;

import com.google.protobuf.Timestamp;
import io.ctops.core.hosts.VitalsBatcher;
import io.ctops.core.identity.RegistrationService;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.ctops.proto.queue.v1.CheckResultReceived;
import io.ctops.proto.queue.v1.MetricsRaw;
import io.ctops.sdk.ingest.AgentRef;
import io.ctops.sdk.queue.Topics;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's heartbeat stream. Reads one heartbeat at a time and asks for the next only when the
 * agent is reading the answers (so a slow or stuck agent cannot make the server buffer without
 * bound); marks the host online on the first heartbeat and offline when the stream ends; stores
 * at most one live heartbeat per half interval of the agent's sample times ({@link SampleSpacing}).
 *
 * <p>A heartbeat's messages are published asynchronously: the gRPC thread is free while the queue makes
 * them durable, and the answer (and the request for the next heartbeat) follow on the thread that completed
 * the last publish, once every publish completed. That is a queue thread (the local queue's flusher, a
 * broker client's I/O thread), which is allowed because nothing here blocks: publish callbacks and
 * {@link io.ctops.sdk.ingest.HeartbeatContributor}s must not, and sending the answer only hands it to the
 * transport. Handing it to another executor instead cost a thread wake-up and a context switch per
 * heartbeat. With one heartbeat in flight per stream, answers stay in order.
 */
final class HeartbeatStream implements StreamObserver<HeartbeatRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatStream.class);
    static final int DEFAULT_INTERVAL_SECS = 10;

    private final AgentRef agent;
    private final ServerCallStreamObserver<HeartbeatResponse> responses;
    private final HeartbeatServices services;
    private final Optional<X509Certificate> replacement;
    // the queue messages' key and ids, made once per stream rather than for every heartbeat
    private final String hostKey;
    private final String orgKey;
    private final OpenHeartbeatStreams openStreams;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean online;
    private boolean replacementSent;
    private boolean awaitingReady;
    private boolean storing; // a heartbeat's publishes are in flight
    private boolean completeAfterStore; // the agent half-closed while they were
    private boolean drainAfterStore; // the server began shutting down while they were
    private final SampleSpacing spacing = new SampleSpacing();

    HeartbeatStream(AgentRef agent, ServerCallStreamObserver<HeartbeatResponse> responses, HeartbeatServices services,
                    Optional<X509Certificate> replacement, OpenHeartbeatStreams openStreams) {
        this.agent = agent;
        this.responses = responses;
        this.services = services;
        this.replacement = replacement;
        this.hostKey = agent.hostId().toString();
        this.orgKey = agent.orgId().toString();
        this.openStreams = openStreams;
        services.counters().openStreams.increment();
    }

    @Override
    public synchronized void onNext(HeartbeatRequest heartbeat) {
        if (closed.get()) {
            return;
        }
        services.counters().received.increment();
        Instant now = services.clock().instant();
        try {
            HeartbeatValidator.validate(heartbeat, now);
        } catch (IllegalArgumentException invalid) {
            services.counters().rejected.increment();
            close("invalid heartbeat: " + invalid.getMessage());
            responses.onError(Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException());
            return;
        }
        int interval = heartbeat.getIntervalSecs() > 0 ? heartbeat.getIntervalSecs() : DEFAULT_INTERVAL_SECS;
        boolean swept = services.transitions().takeHeartbeatingWhileOffline(agent.hostId());
        if (!online || swept) {
            services.transitions().online(agent, interval, online ? "heartbeats resumed" : "heartbeat stream opened");
            online = true;
        }
        if (heartbeat.getReplayed() || spacing.admit(sentAt(heartbeat, now), interval)) {
            storing = true;
            // on the completing thread (see the class comment); inline when the publish completed at once
            publish(heartbeat, now).whenComplete((ignored, failure) -> stored(heartbeat, now, failure));
        } else {
            services.counters().rateLimited.increment();
            answer(heartbeat);
        }
    }

    /** The heartbeat's publishes completed: note its vitals and answer it, or end the stream. */
    private synchronized void stored(HeartbeatRequest heartbeat, Instant now, Throwable failure) {
        storing = false;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            // not acknowledged: the agent keeps it (spool) and sends it again after reconnecting
            LOG.warn("Heartbeat of agent {} not stored: {}", agent.agentId(), cause.getMessage());
            if (!closed.get()) {
                close("queue unavailable");
                responses.onError(Status.UNAVAILABLE.withDescription("server cannot store heartbeats now; retry").asRuntimeException());
            }
            return;
        }
        if (!heartbeat.getReplayed()) {
            // only now: a host row must not show vitals whose messages the queue refused
            services.vitals().offer(new VitalsBatcher.Latest(agent.orgId(), agent.hostId(), now, sentAt(heartbeat, now),
                    heartbeat.hasVitals() ? heartbeat.getVitals() : null, heartbeat.getAgentVersion(),
                    heartbeat.hasPlatform() ? heartbeat.getPlatform().getIpAddressesList() : List.of()));
        }
        services.counters().stored.increment();
        if (closed.get()) {
            return; // cancelled meanwhile: nobody to answer
        }
        answer(heartbeat);
        if (drainAfterStore) {
            drain();
        } else if (completeAfterStore) {
            close("stream closed by the agent");
            responses.onCompleted();
        }
    }

    /**
     * The server is shutting down: ends the stream with UNAVAILABLE so the agent reconnects (to this
     * server once it is back, or another), after acknowledging the heartbeat being stored, if any.
     */
    synchronized void drain() {
        if (closed.get()) {
            return;
        }
        if (storing) {
            drainAfterStore = true;
            return;
        }
        close("server shutting down");
        responses.onError(Status.UNAVAILABLE.withDescription("server shutting down; reconnect").asRuntimeException());
    }

    /** Acknowledges the heartbeat, with what plugins push, and lets the next one in. */
    private void answer(HeartbeatRequest heartbeat) {
        HeartbeatResponse.Builder answer = HeartbeatResponse.newBuilder().setAckSequence(heartbeat.getSequence());
        if (replacement.isPresent() && !replacementSent) {
            answer.setPendingCertificateDer(RegistrationService.der(replacement.get()));
            replacementSent = true;
        }
        // The checks in the answer are the agent's whole set (possibly none) unless a contributor failed:
        // then the agent keeps the set it has rather than stopping that plugin's checks.
        answer.setReplaceChecks(services.contributors().contribute(agent, heartbeat, answer));
        responses.onNext(answer.build());
        if (responses.isReady()) {
            responses.request(1);
        } else {
            awaitingReady = true;
        }
    }

    /** The agent read its answers: let the next heartbeat in. */
    synchronized void onReady() {
        if (awaitingReady && !closed.get()) {
            awaitingReady = false;
            responses.request(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        close("stream ended: " + Status.fromThrowable(t).getCode());
    }

    @Override
    public synchronized void onCompleted() {
        if (storing) {
            completeAfterStore = true; // answer the heartbeat being stored first
            return;
        }
        close("stream closed by the agent");
        responses.onCompleted();
    }

    void cancelled() {
        close("stream cancelled");
    }

    /** Publishes the heartbeat's metrics and check results; the future completes when all of them did. */
    private CompletableFuture<Void> publish(HeartbeatRequest heartbeat, Instant now) {
        Instant sentAt = sentAt(heartbeat, now);
        String key = hostKey;
        List<CompletableFuture<Void>> published = new ArrayList<>(1 + heartbeat.getCheckResultsCount());
        if (heartbeat.hasVitals()) {
            published.add(services.queue().publishAsync(Topics.METRICS_RAW, key, MetricsRaw.newBuilder()
                    .setOrgId(orgKey).setHostId(key)
                    .setCollectedAt(Timestamp.newBuilder().setSeconds(sentAt.getEpochSecond()).setNanos(sentAt.getNano()))
                    .setVitals(heartbeat.getVitals()).build()));
        }
        for (CheckResult result : heartbeat.getCheckResultsList()) {
            published.add(services.queue().publishAsync(Topics.CHECKS_RESULTS, key, CheckResultReceived.newBuilder()
                    .setOrgId(orgKey).setHostId(key).setResult(result).build()));
        }
        return published.size() == 1 ? published.get(0) : CompletableFuture.allOf(published.toArray(CompletableFuture[]::new));
    }

    private static Instant sentAt(HeartbeatRequest heartbeat, Instant now) {
        return heartbeat.hasSentAt()
                ? Instant.ofEpochSecond(heartbeat.getSentAt().getSeconds(), heartbeat.getSentAt().getNanos()) : now;
    }

    private void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            services.counters().openStreams.decrement();
            openStreams.closed(this);
            if (online) {
                try {
                    services.transitions().streamClosed(agent, reason);
                } catch (RuntimeException e) {
                    LOG.warn("Host {} not marked offline ({}); the sweeper will: {}", agent.hostId(), reason, e.toString());
                }
            }
        }
    }
}
