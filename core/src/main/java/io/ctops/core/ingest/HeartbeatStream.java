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
import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.Topics;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's heartbeat stream. Reads one heartbeat at a time and asks for the next only when the
 * agent is reading the answers (so a slow or stuck agent cannot make the server buffer without
 * bound); marks the host online on the first heartbeat and offline when the stream ends; stores
 * at most one live heartbeat per half interval.
 */
final class HeartbeatStream implements StreamObserver<HeartbeatRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatStream.class);
    static final int DEFAULT_INTERVAL_SECS = 10;

    private final AgentRef agent;
    private final ServerCallStreamObserver<HeartbeatResponse> responses;
    private final HeartbeatServices services;
    private final Optional<X509Certificate> replacement;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean online;
    private boolean replacementSent;
    private boolean awaitingReady;
    private Instant lastStored;

    HeartbeatStream(AgentRef agent, ServerCallStreamObserver<HeartbeatResponse> responses, HeartbeatServices services,
                    Optional<X509Certificate> replacement) {
        this.agent = agent;
        this.responses = responses;
        this.services = services;
        this.replacement = replacement;
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
        if (!online) {
            services.transitions().online(agent, interval, "heartbeat stream opened");
            online = true;
        }
        if (heartbeat.getReplayed() || lastStored == null
                || !Duration.between(lastStored, now).minusMillis(interval * 500L).isNegative()) {
            try {
                store(heartbeat, now);
            } catch (QueueException e) {
                // not acknowledged: the agent keeps it (spool) and sends it again after reconnecting
                LOG.warn("Heartbeat of agent {} not stored: {}", agent.agentId(), e.getMessage());
                close("queue unavailable");
                responses.onError(Status.UNAVAILABLE.withDescription("server cannot store heartbeats now; retry").asRuntimeException());
                return;
            }
        } else {
            services.counters().rateLimited.increment();
        }
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
    public void onCompleted() {
        close("stream closed by the agent");
        responses.onCompleted();
    }

    void cancelled() {
        close("stream cancelled");
    }

    private void store(HeartbeatRequest heartbeat, Instant now) {
        Instant sentAt = heartbeat.hasSentAt()
                ? Instant.ofEpochSecond(heartbeat.getSentAt().getSeconds(), heartbeat.getSentAt().getNanos()) : now;
        if (!heartbeat.getReplayed()) {
            lastStored = now;
            services.vitals().offer(new VitalsBatcher.Latest(agent.orgId(), agent.hostId(), now, sentAt,
                    heartbeat.hasVitals() ? heartbeat.getVitals() : null, heartbeat.getAgentVersion(),
                    heartbeat.hasPlatform() ? heartbeat.getPlatform().getIpAddressesList() : java.util.List.of()));
        }
        String key = agent.hostId().toString();
        if (heartbeat.hasVitals()) {
            services.queue().publish(Topics.METRICS_RAW, key, MetricsRaw.newBuilder()
                    .setOrgId(agent.orgId().toString()).setHostId(key)
                    .setCollectedAt(Timestamp.newBuilder().setSeconds(sentAt.getEpochSecond()).setNanos(sentAt.getNano()))
                    .setVitals(heartbeat.getVitals()).build());
        }
        for (CheckResult result : heartbeat.getCheckResultsList()) {
            services.queue().publish(Topics.CHECKS_RESULTS, key, CheckResultReceived.newBuilder()
                    .setOrgId(agent.orgId().toString()).setHostId(key).setResult(result).build());
        }
        services.counters().stored.increment();
    }

    private void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            services.counters().openStreams.decrement();
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
