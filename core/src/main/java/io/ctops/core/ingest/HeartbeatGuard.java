package io.ctops.core.ingest;

import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each heartbeat stream to its pace before a heartbeat reaches {@link HeartbeatStream}:
 * <ul>
 * <li>a heartbeat larger than the heartbeat limit ends the stream with RESOURCE_EXHAUSTED;</li>
 * <li>live heartbeats are read at most {@link #LIVE_BURST} at once, then two per interval the agent declares,
 *     replayed (spooled) ones {@link #REPLAY_BURST} at once, then {@link #REPLAYS_PER_SECOND}: a faster stream is
 *     read later, so HTTP/2 flow control slows the agent down (a real agent sends one live heartbeat per
 *     interval, and empties its spool as fast as it is answered);</li>
 * <li>a stream that stays over its live pace for {@link #PATIENCE} heartbeats in a row is ended with
 *     RESOURCE_EXHAUSTED: it is not catching up, it is flooding.</li>
 * </ul>
 * Messages above the transport's limit never get here: gRPC refuses them.
 */
final class HeartbeatGuard implements ServerInterceptor {

    static final int LIVE_BURST = 10;
    static final double LIVE_PER_INTERVAL = 2;
    static final int REPLAY_BURST = 500;
    static final double REPLAYS_PER_SECOND = 100;
    static final int PATIENCE = 20;

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatGuard.class);
    private static final String HEARTBEAT = AgentIngestGrpc.getHeartbeatMethod().getFullMethodName();

    private final int maxHeartbeatBytes;
    private final HeartbeatServices.Counters counters;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService delays;

    /**
     * @param delays runs the delayed reads of streams that are over their pace
     */
    HeartbeatGuard(int maxHeartbeatBytes, HeartbeatServices.Counters counters, LongSupplier nanoTime,
                   ScheduledExecutorService delays) {
        this.maxHeartbeatBytes = maxHeartbeatBytes;
        this.counters = counters;
        this.nanoTime = nanoTime;
        this.delays = delays;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!HEARTBEAT.equals(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        PacedCall<Q, R> paced = new PacedCall<>(call);
        return new Guarded<>(next.startCall(paced, headers), paced);
    }

    static int interval(HeartbeatRequest heartbeat) {
        return heartbeat.getIntervalSecs() > 0 ? heartbeat.getIntervalSecs() : HeartbeatStream.DEFAULT_INTERVAL_SECS;
    }

    /** Listener callbacks of one call run one at a time, so its paces need no lock. */
    private final class Guarded<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

        private final PacedCall<Q, R> call;
        private final ReadPace live = new ReadPace(LIVE_BURST);
        private final ReadPace replays = new ReadPace(REPLAY_BURST);
        private int overPaceInARow;
        private boolean refused;

        Guarded(ServerCall.Listener<Q> delegate, PacedCall<Q, R> call) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            HeartbeatRequest heartbeat = (HeartbeatRequest) message;
            int size = heartbeat.getSerializedSize();
            if (size > maxHeartbeatBytes) {
                counters.refusedTooLarge.increment();
                refuse("heartbeat larger than " + maxHeartbeatBytes + " bytes (" + size + " bytes)");
                return;
            }
            long now = nanoTime.getAsLong();
            long wait;
            if (heartbeat.getReplayed()) {
                wait = replays.take(REPLAYS_PER_SECOND, now);
            } else {
                wait = live.take(LIVE_PER_INTERVAL / interval(heartbeat), now);
                overPaceInARow = wait > 0 ? overPaceInARow + 1 : 0;
                if (overPaceInARow > PATIENCE) {
                    counters.refusedTooFast.increment();
                    refuse("heartbeats faster than the interval of " + interval(heartbeat) + " s (" + LIVE_BURST
                            + " at once, then " + (int) LIVE_PER_INTERVAL + " per interval)");
                    return;
                }
            }
            // set before the stream handles it: handling it asks for the next one
            call.holdReadsUntil(now + wait);
            super.onMessage(message);
        }

        private void refuse(String reason) {
            refused = true;
            LOG.info("Heartbeat stream of agent {} from {} ended: {}", AgentCallContext.AGENT_ID.get(),
                    AgentAuthInterceptor.peer(call), reason);
            call.close(Status.RESOURCE_EXHAUSTED.withDescription(reason), new Metadata());
            // gRPC reports a stream the server closed itself as complete, not cancelled: tell the stream it
            // ended, so the host is marked offline as for any other ended stream
            super.onCancel();
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

    /** Delays the stream's request for the next message until its pace allows it. */
    private final class PacedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

        private volatile long notBeforeNanos;

        PacedCall(ServerCall<Q, R> call) {
            super(call);
        }

        void holdReadsUntil(long nanos) {
            notBeforeNanos = nanos;
        }

        @Override
        public void request(int messages) {
            long wait = notBeforeNanos - nanoTime.getAsLong();
            if (wait <= 0) {
                super.request(messages);
                return;
            }
            try {
                delays.schedule(() -> super.request(messages), wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                super.request(messages);
            }
        }
    }
}
