package io.ctops.core.ingest;

import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a heartbeat stream with RESOURCE_EXHAUSTED before the heartbeat reaches {@link HeartbeatStream} when
 * it is larger than the heartbeat limit or when live heartbeats come faster than the agent's own interval
 * allows ({@link HeartbeatPace}). Messages above the transport's limit never get here: gRPC refuses them.
 */
final class HeartbeatGuard implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatGuard.class);
    private static final String HEARTBEAT = AgentIngestGrpc.getHeartbeatMethod().getFullMethodName();

    private final int maxHeartbeatBytes;
    private final HeartbeatServices.Counters counters;
    private final LongSupplier nanoTime;

    HeartbeatGuard(int maxHeartbeatBytes, HeartbeatServices.Counters counters, LongSupplier nanoTime) {
        this.maxHeartbeatBytes = maxHeartbeatBytes;
        this.counters = counters;
        this.nanoTime = nanoTime;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!HEARTBEAT.equals(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        return new Guarded<>(next.startCall(call, headers), call);
    }

    /** {@return why this heartbeat ends its stream, if it does} */
    Optional<Status> refusal(HeartbeatRequest heartbeat, HeartbeatPace pace) {
        int size = heartbeat.getSerializedSize();
        if (size > maxHeartbeatBytes) {
            counters.refusedTooLarge.increment();
            return Optional.of(Status.RESOURCE_EXHAUSTED.withDescription(
                    "heartbeat larger than " + maxHeartbeatBytes + " bytes (" + size + " bytes)"));
        }
        if (!heartbeat.getReplayed() && !pace.admit(heartbeat.getIntervalSecs(), nanoTime.getAsLong())) {
            counters.refusedTooFast.increment();
            return Optional.of(Status.RESOURCE_EXHAUSTED.withDescription(pace.refusal(heartbeat.getIntervalSecs())));
        }
        return Optional.empty();
    }

    /** Listener callbacks of one call run one at a time, so the pace needs no lock. */
    private final class Guarded<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

        private final ServerCall<Q, R> call;
        private final HeartbeatPace pace = new HeartbeatPace();
        private boolean refused;

        Guarded(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            Optional<Status> refusal = refusal((HeartbeatRequest) message, pace);
            if (refusal.isPresent()) {
                refused = true;
                LOG.info("Heartbeat stream of agent {} from {} ended: {}", AgentCallContext.AGENT_ID.get(),
                        AgentAuthInterceptor.peer(call), refusal.get().getDescription());
                call.close(refusal.get(), new Metadata());
                // gRPC reports a stream the server closed itself as complete, not cancelled: tell the stream it
                // ended, so the host is marked offline as for any other ended stream
                super.onCancel();
                return;
            }
            super.onMessage(message);
        }

        // after a refusal the stream has heard its end: what the transport reports later is not passed on

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            if (!refused) {
                super.onCancel();
            }
        }

        @Override
        public void onComplete() {
            if (!refused) {
                super.onComplete();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }
}
