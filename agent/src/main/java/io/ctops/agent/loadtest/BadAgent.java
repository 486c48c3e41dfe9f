package io.ctops.agent.loadtest;

import com.google.protobuf.Timestamp;
import io.ctops.agent.transport.BearerToken;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A registered agent that misbehaves on its heartbeat stream, one of:
 * <ul>
 * <li>{@code fast}: live heartbeats every {@link #FAST_GAP}, while declaring the run's interval;</li>
 * <li>{@code oversized}: one heartbeat per stream that breaks a limit, each stream the next
 *     {@link OversizedHeartbeats} variant;</li>
 * <li>{@code slow-reader}: never asks for an answer, and its receive window is tiny; sends (replayed, so no
 *     pace limit applies) whenever its stream lets it, until the server stops reading.</li>
 * </ul>
 * Whatever ends a stream is counted in the kind's {@link MisbehaviourTally}; a new stream follows after
 * {@link #RECONNECT}. Ticks come from the scheduler, answers from a network thread: state is guarded by {@code this}.
 */
final class BadAgent implements ClientResponseObserver<HeartbeatRequest, HeartbeatResponse> {

    static final Duration FAST_GAP = Duration.ofMillis(5);
    static final Duration SLOW_READER_GAP = Duration.ofMillis(20);
    static final Duration RECONNECT = Duration.ofSeconds(1);
    /** Sent in one tick by a slow reader at most, so one client cannot hog the scheduler. */
    static final int SLOW_READER_BURST = 200;

    private final Misbehaviour kind;
    private final Fleet fleet;
    private final MisbehaviourTally tally;
    private final List<OversizedHeartbeats.Variant> oversized;
    private final int intervalSecs;
    private String jwt;
    private ManagedChannel channel;
    private ClientCallStreamObserver<HeartbeatRequest> stream;
    private ScheduledFuture<?> ticks;
    private boolean started;
    private boolean heldBack;
    private boolean stopped;
    private boolean cancelledByUs;
    private long sequence;
    private int variant;

    BadAgent(Misbehaviour kind, Fleet fleet, MisbehaviourTally tally, List<OversizedHeartbeats.Variant> oversized) {
        this.kind = requireNonNull(kind, "kind is null");
        this.fleet = requireNonNull(fleet, "fleet is null");
        this.tally = requireNonNull(tally, "tally is null");
        this.oversized = List.copyOf(oversized);
        this.intervalSecs = (int) Math.max(1, fleet.options().interval().toSeconds());
    }

    void start(String jwt, ManagedChannel channel) {
        synchronized (this) {
            this.jwt = requireNonNull(jwt, "jwt is null");
            this.channel = requireNonNull(channel, "channel is null");
        }
        connect();
    }

    private void connect() {
        ManagedChannel current;
        String bearer;
        synchronized (this) {
            if (stopped) {
                return;
            }
            current = channel;
            bearer = jwt;
            started = false;
            heldBack = false;
        }
        tally.opened.increment();
        tally.open.incrementAndGet();
        AgentIngestGrpc.newStub(current).withInterceptors(BearerToken.of(bearer)).heartbeat(this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<HeartbeatRequest> requests) {
        synchronized (this) {
            stream = requests;
        }
        if (kind == Misbehaviour.SLOW_READER) {
            requests.disableAutoRequestWithInitial(0);
        }
        requests.setOnReadyHandler(this::ready);
    }

    private void ready() {
        synchronized (this) {
            if (started || stopped) {
                return;
            }
            started = true;
            switch (kind) {
                case FAST -> ticks = fleet.scheduler().scheduleAtFixedRate(this::sendLive, 0, FAST_GAP.toNanos(),
                        TimeUnit.NANOSECONDS);
                case OVERSIZED -> sendOversized();
                case SLOW_READER -> ticks = fleet.scheduler().scheduleAtFixedRate(this::sendWhileReadable, 0,
                        SLOW_READER_GAP.toNanos(), TimeUnit.NANOSECONDS);
                default -> throw new IllegalStateException(kind + " has no heartbeat stream");
            }
        }
    }

    private synchronized void sendLive() {
        if (!stopped && stream != null && stream.isReady()) {
            send(heartbeat(false));
        }
    }

    private void sendOversized() {
        OversizedHeartbeats.Variant next = oversized.get(variant++ % oversized.size());
        send(next.heartbeat());
    }

    private synchronized void sendWhileReadable() {
        if (stopped || stream == null) {
            return;
        }
        for (int i = 0; i < SLOW_READER_BURST && stream.isReady(); i++) {
            send(heartbeat(true));
        }
        if (!stream.isReady() && !heldBack) {
            // the server stopped reading: its answers wait in our tiny window and it holds back ours
            heldBack = true;
            tally.heldBack.increment();
        }
    }

    private void send(HeartbeatRequest heartbeat) {
        try {
            stream.onNext(heartbeat);
            tally.sent.increment();
        } catch (RuntimeException e) {
            // the stream already ended; onError tells why
        }
    }

    private HeartbeatRequest heartbeat(boolean replayed) {
        Instant now = Instant.now();
        return HeartbeatRequest.newBuilder().setSequence(++sequence).setReplayed(replayed)
                .setSentAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setAgentVersion(Fleet.AGENT_VERSION).setIntervalSecs(intervalSecs).build();
    }

    @Override
    public void onNext(HeartbeatResponse response) {
        tally.acknowledged.increment();
    }

    @Override
    public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        String description = status.getDescription() == null ? "" : ": " + shorten(status.getDescription());
        ended(status.getCode() + description);
    }

    @Override
    public void onCompleted() {
        ended("OK: stream closed by the server");
    }

    private void ended(String answer) {
        boolean ours;
        boolean reconnect;
        synchronized (this) {
            if (ticks != null) {
                ticks.cancel(false);
                ticks = null;
            }
            stream = null;
            ours = cancelledByUs;
            reconnect = !stopped;
        }
        tally.open.decrementAndGet();
        if (!ours) {
            // a slow reader may hear the server's answer only once it reads, after stop()
            tally.answer(answer);
            tally.closedByServer.increment();
        }
        if (reconnect) {
            fleet.scheduler().schedule(this::connect, RECONNECT.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Stops misbehaving. A slow reader first reads what the server queued for it, so its acknowledgements
     * are counted; every stream is then cancelled.
     */
    void stop() {
        ClientCallStreamObserver<HeartbeatRequest> current;
        synchronized (this) {
            stopped = true;
            if (ticks != null) {
                ticks.cancel(false);
            }
            current = stream;
        }
        if (current != null && kind == Misbehaviour.SLOW_READER) {
            current.request(Integer.MAX_VALUE);
        }
    }

    /** Cancels the stream, after {@link #stop()} and the drain. */
    void close() {
        ClientCallStreamObserver<HeartbeatRequest> current;
        synchronized (this) {
            current = stream;
            cancelledByUs = true;
        }
        if (current != null) {
            current.cancel("load test over", null);
        }
    }

    private static String shorten(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
