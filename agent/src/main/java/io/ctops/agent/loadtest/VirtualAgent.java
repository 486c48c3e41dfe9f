package io.ctops.agent.loadtest;

import com.google.protobuf.Timestamp;
import io.ctops.agent.transport.Backoff;
import io.ctops.agent.transport.BearerToken;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * One simulated agent: its own key pair (in memory only), its own mutual-TLS connection and one
 * heartbeat stream, like a real agent. Heartbeats go out every interval with jitter; each carries a
 * sequence number, and the server's acknowledgement (which echoes it) closes the round trip. Checks
 * the server pushes are answered on the following heartbeats. A broken stream is reopened after the
 * agent's own {@link Backoff}, on a new connection, as the real agent does: a gRPC channel kept across
 * attempts would add its own reconnect backoff (1.6x up to 120 s) and reconnect on its own between them.
 *
 * <p>Ticks come from a scheduler thread, answers from a network thread: state is guarded by {@code this}.
 */
final class VirtualAgent implements ClientResponseObserver<HeartbeatRequest, HeartbeatResponse> {

    /** How many heartbeats may wait for their answers at once before a due one is skipped. */
    static final int WINDOW = 4;

    private record InFlight(long sequence, long sentNanos, long sentAtMillis) {
    }

    private final int index;
    private final String hostname;
    private final PlatformInfo platform;
    private final KeyPair keys;
    private final Fleet fleet;
    private final LoadStats stats;
    private final SplittableRandom random;
    private final VitalsWalk vitals;
    private final Backoff backoff;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final Map<String, CheckDefinition> checks = new HashMap<>();
    private final Map<String, Long> checkLastRun = new HashMap<>();
    private String agentId;
    private String jwt;
    private SslContext tls;
    private ManagedChannel channel;
    private ClientCallStreamObserver<HeartbeatRequest> stream;
    private ScheduledFuture<?> nextTick;
    private boolean open;
    private boolean activeOnStream;
    private boolean stopped;
    private boolean quiescent;
    private long sequence;
    private long lastStepNanos;
    private long acknowledged;
    private long failed;
    private long lastAckedSentAtMillis;

    VirtualAgent(int index, String hostname, PlatformInfo platform, KeyPair keys, Fleet fleet, long seed) {
        this.index = index;
        this.hostname = requireNonNull(hostname, "hostname is null");
        this.platform = requireNonNull(platform, "platform is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.fleet = requireNonNull(fleet, "fleet is null");
        this.stats = fleet.stats();
        this.random = new SplittableRandom(seed);
        this.vitals = new VitalsWalk(new SplittableRandom(seed ^ 0x5DEECE66DL));
        this.backoff = Backoff.standard(random::nextDouble);
    }

    String hostname() {
        return hostname;
    }

    KeyPair keys() {
        return keys;
    }

    PlatformInfo platform() {
        return platform;
    }

    synchronized String agentId() {
        return agentId;
    }

    /** Takes the credentials Register returned and opens the heartbeat stream. */
    void start(String agentId, java.security.cert.X509Certificate certificate, String jwt) {
        synchronized (this) {
            this.agentId = agentId;
            this.jwt = jwt;
            this.tls = fleet.mutualTls(keys.getPrivate(), certificate);
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
            if (channel == null) {
                channel = fleet.channel(index, tls);
            }
            current = channel;
            bearer = jwt;
        }
        AgentIngestGrpc.newStub(current).withInterceptors(BearerToken.of(bearer)).heartbeat(this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<HeartbeatRequest> requests) {
        synchronized (this) {
            stream = requests;
        }
        requests.setOnReadyHandler(this::ready);
    }

    private void ready() {
        boolean first;
        synchronized (this) {
            first = !open && !stopped && stream != null && stream.isReady();
            open |= first;
        }
        if (first) {
            stats.streams.incrementAndGet();
            // the first heartbeat of a stream goes out at once, as a real agent's does
            scheduleTick(Duration.ZERO);
        }
    }

    private void scheduleTick(Duration delay) {
        synchronized (this) {
            if (stopped || quiescent) {
                return;
            }
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            nextTick = fleet.scheduler().schedule(this::tick, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        synchronized (this) {
            if (stopped || quiescent || !open) {
                return;
            }
            InFlight oldest = inFlight.peekFirst();
            if (oldest != null && now - oldest.sentNanos() > fleet.options().ackTimeout().toNanos()) {
                stats.error("heartbeat: no acknowledgement within " + fleet.options().ackTimeout().toSeconds() + " s");
                stream.cancel("acknowledgement overdue", null);
                return; // onError counts the unanswered ones and reconnects
            }
            if (inFlight.size() >= WINDOW) {
                stats.notSent.increment();
            } else {
                send(now);
            }
        }
        scheduleTick(nextGap());
    }

    /** The interval, varied by up to the jitter either way so the fleet does not beat in step. */
    Duration nextGap() {
        long interval = fleet.options().interval().toNanos();
        double jitter = fleet.options().jitter();
        return Duration.ofNanos((long) (interval * (1 + jitter * (2 * random.nextDouble() - 1))));
    }

    private void send(long nowNanos) {
        long elapsedSecs = lastStepNanos == 0 ? 0 : Math.round((nowNanos - lastStepNanos) / 1e9);
        lastStepNanos = nowNanos;
        Instant now = Instant.now();
        long seq = ++sequence;
        HeartbeatRequest.Builder heartbeat = HeartbeatRequest.newBuilder()
                .setSequence(seq)
                .setSentAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setAgentVersion(Fleet.AGENT_VERSION)
                .setIntervalSecs((int) Math.max(1, fleet.options().interval().toSeconds()))
                .setPlatform(platform)
                .setVitals(vitals.step(elapsedSecs));
        heartbeat.addAllCheckResults(dueCheckResults(now));
        inFlight.addLast(new InFlight(seq, System.nanoTime(), now.toEpochMilli()));
        stream.onNext(heartbeat.build());
        stats.sent.increment();
    }

    private List<CheckResult> dueCheckResults(Instant now) {
        if (checks.isEmpty()) {
            return List.of();
        }
        List<CheckResult> results = new ArrayList<>();
        for (CheckDefinition check : checks.values()) {
            long every = Math.max(1, check.getIntervalSecs()) * 1000L;
            Long last = checkLastRun.get(check.getCheckId());
            if (last == null || now.toEpochMilli() - last >= every) {
                checkLastRun.put(check.getCheckId(), now.toEpochMilli());
                results.add(CheckResult.newBuilder().setCheckId(check.getCheckId())
                        .setState(random.nextInt(100) < 97 ? CheckResult.State.STATE_OK : CheckResult.State.STATE_WARNING)
                        .setOutput("loadtest: simulated " + check.getType())
                        .setCheckedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                        .setDurationMs(random.nextInt(1, 50)).build());
            }
        }
        stats.checkResults.add(results.size());
        return results;
    }

    @Override
    public void onNext(HeartbeatResponse response) {
        long now = System.nanoTime();
        boolean firstAck = false;
        synchronized (this) {
            InFlight answered = inFlight.pollFirst();
            if (answered == null || answered.sequence() != response.getAckSequence()) {
                stats.error("heartbeat: acknowledgement out of order");
                if (answered != null) {
                    inFlight.addFirst(answered);
                }
                stream.cancel("acknowledgements out of order", null);
                return;
            }
            fleet.roundTrips().record(now - answered.sentNanos());
            stats.acknowledged.increment();
            acknowledged++;
            lastAckedSentAtMillis = answered.sentAtMillis();
            if (!activeOnStream) {
                activeOnStream = true;
                firstAck = true;
                backoff.reset();
            }
            if (response.getReplaceChecks() || response.getChecksCount() > 0) {
                checks.clear();
                response.getChecksList().forEach(check -> checks.put(check.getCheckId(), check));
                checkLastRun.keySet().retainAll(checks.keySet());
            }
        }
        if (firstAck) {
            stats.active.incrementAndGet();
        }
    }

    @Override
    public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        ended("stream: " + status.getCode() + (status.getCode() == Status.Code.UNAVAILABLE || status.getDescription() == null
                ? "" : " " + shorten(status.getDescription())));
    }

    @Override
    public void onCompleted() {
        ended("stream: closed by the server");
    }

    private void ended(String error) {
        boolean reconnect;
        synchronized (this) {
            if (open) {
                stats.streams.decrementAndGet();
            }
            if (activeOnStream) {
                stats.active.decrementAndGet();
            }
            failed += inFlight.size();
            stats.failed.add(inFlight.size());
            inFlight.clear();
            open = false;
            activeOnStream = false;
            stream = null;
            if (nextTick != null) {
                nextTick.cancel(false);
                nextTick = null;
            }
            reconnect = !stopped && !quiescent;
            if (reconnect && channel != null) {
                channel.shutdownNow(); // the next attempt opens a new connection, as the real agent does
                channel = null;
            }
        }
        if (reconnect) {
            stats.error(error);
            stats.reconnects.increment();
            Duration delay = backoff.next();
            fleet.scheduler().schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Sends no more heartbeats; the stream stays open for the answers to what was sent. */
    synchronized void quiesce() {
        quiescent = true;
        if (nextTick != null) {
            nextTick.cancel(false);
            nextTick = null;
        }
    }

    /** Counts an error that is not the stream's, e.g. a failed start. */
    void fleetError(String kind) {
        stats.error(kind);
    }

    /** Closes the stream (half-close); waits for nothing. */
    void stop() {
        ClientCallStreamObserver<HeartbeatRequest> current;
        synchronized (this) {
            stopped = true;
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            current = open ? stream : null;
        }
        if (current != null) {
            try {
                current.onCompleted();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }

    /** {@return how many heartbeats still wait for their answers} */
    synchronized int unanswered() {
        return inFlight.size();
    }

    /** {@return one CSV line: hostname, agent id, acknowledged, failed, send time of the last acknowledged (epoch ms)} */
    synchronized String csvLine() {
        return hostname + "," + (agentId == null ? "" : agentId) + "," + acknowledged + "," + (failed + inFlight.size())
                + "," + lastAckedSentAtMillis;
    }

    synchronized ManagedChannel channel() {
        return channel;
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
