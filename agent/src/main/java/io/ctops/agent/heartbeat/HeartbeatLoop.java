package io.ctops.agent.heartbeat;

import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.identity.AgentCredentials;
import io.ctops.agent.identity.AgentIdentity;
import io.ctops.agent.identity.CredentialRefresher;
import io.ctops.agent.identity.Registrar;
import io.ctops.agent.identity.RegistrationRefusedException;
import io.ctops.agent.transport.AddressRotation;
import io.ctops.agent.transport.Backoff;
import io.ctops.agent.transport.BearerToken;
import io.ctops.agent.transport.ChannelOpener;
import io.ctops.agent.transport.IngestFailure;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.CheckDefinition;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Keeps one heartbeat stream open to ingest over mutual TLS: opens it, replays the spool on it in
 * order, watches that heartbeats are acknowledged, keeps the credentials fresh, and when the stream
 * breaks reconnects with exponential backoff, failing over across the configured addresses.
 */
public final class HeartbeatLoop {

    static final int WINDOW = 16;
    static final Duration GRACE = Duration.ofSeconds(3);
    static final Duration MIN_ACK_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long the loop sleeps between its checks of the open stream (acknowledgement overdue,
     * credentials due, spool to replay). The session wakes it early for everything that needs a
     * prompt answer (an answer, a stop, a heartbeat spooled), so this only bounds the timed checks;
     * at 250 ms the idle loop alone cost about 0.06 % of a core.
     */
    static final Duration POLL = Duration.ofSeconds(2);
    /** A stream that lasted this long worked: the next reconnection starts the backoff over. */
    static final Duration STABLE = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);

    /**
     * What the loop works with.
     *
     * @param pushedChecks told about each set of checks the server pushes (e.g. {@link
     *        io.ctops.agent.checks.PushedChecks}); an answer without checks and without {@code
     *        replace_checks} leaves the set as it is
     */
    public record Parts(AgentIdentity identity, CredentialRefresher refresher, Registrar registrar,
            ChannelOpener channels, AddressRotation addresses, Backoff backoff, HeartbeatSpool spool,
            HeartbeatOutbox outbox, Runnable tickNow, Duration interval, Clock clock,
            Consumer<List<CheckDefinition>> pushedChecks) {

        /** The parts of an agent that runs no checks: pushed checks are ignored. */
        public Parts(AgentIdentity identity, CredentialRefresher refresher, Registrar registrar,
                ChannelOpener channels, AddressRotation addresses, Backoff backoff, HeartbeatSpool spool,
                HeartbeatOutbox outbox, Runnable tickNow, Duration interval, Clock clock) {
            this(identity, refresher, registrar, channels, addresses, backoff, spool, outbox, tickNow, interval, clock,
                    checks -> { });
        }

        public Parts {
            requireNonNull(identity, "identity is null");
            requireNonNull(refresher, "refresher is null");
            requireNonNull(registrar, "registrar is null");
            requireNonNull(channels, "channels is null");
            requireNonNull(addresses, "addresses is null");
            requireNonNull(backoff, "backoff is null");
            requireNonNull(spool, "spool is null");
            requireNonNull(outbox, "outbox is null");
            requireNonNull(tickNow, "tickNow is null");
            requireNonNull(interval, "interval is null");
            requireNonNull(clock, "clock is null");
            requireNonNull(pushedChecks, "pushedChecks is null");
        }
    }

    private final Parts parts;
    private final Duration ackTimeout;
    private final LongSupplier nanoTime = System::nanoTime;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicBoolean reconnect = new AtomicBoolean();
    private volatile Thread thread;
    private volatile HeartbeatSession current;
    private volatile boolean interruptible;
    private boolean mustRegister;

    /** A loop that gives the server two intervals, at least 10 s, to acknowledge a heartbeat. */
    public HeartbeatLoop(Parts parts) {
        this(parts, max(parts.interval().multipliedBy(2), MIN_ACK_TIMEOUT));
    }

    HeartbeatLoop(Parts parts, Duration ackTimeout) {
        this.parts = requireNonNull(parts, "parts is null");
        this.ackTimeout = requireNonNull(ackTimeout, "ackTimeout is null");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Runs until {@link #stop()}.
     *
     * @throws RegistrationRefusedException when the server refuses this agent for good (revoked)
     * @throws IOException when new credentials cannot be stored in the data directory
     */
    public void run() throws RegistrationRefusedException, IOException {
        thread = Thread.currentThread();
        try {
            while (!stopping()) {
                ensureCredentials();
                IngestAddress address = parts.addresses().current();
                HeartbeatSession session = new HeartbeatSession(parts.spool(), WINDOW, nanoTime, this::pushed,
                        this::pushedChecks, parts.tickNow());
                current = session;
                long started = nanoTime.getAsLong();
                Outcome outcome = stream(address, session);
                if (stopping()) {
                    break;
                }
                if (outcome == Outcome.RECONNECT) {
                    log.info("Reopening the heartbeat stream with the new certificate");
                    continue;
                }
                afterFailure(address, session, Duration.ofNanos(nanoTime.getAsLong() - started));
            }
        } catch (InterruptedException e) {
            if (!stopping()) {
                Thread.currentThread().interrupt();
            }
        } finally {
            Thread.interrupted();
            thread = null;
        }
    }

    /** Asks the loop to end: the open stream is closed gracefully, its unanswered heartbeats spooled. */
    public void stop() {
        stopSignal.countDown();
        HeartbeatSession session = current;
        if (session != null) {
            session.wake();
        }
        Thread running = thread;
        if (running != null && interruptible) {
            // only a blocking registration is interrupted; a stream notices the stop and closes gracefully
            running.interrupt();
        }
    }

    private boolean stopping() {
        return stopSignal.getCount() == 0;
    }

    private void ensureCredentials() throws RegistrationRefusedException, IOException, InterruptedException {
        AgentCredentials current = parts.identity().credentials();
        if (mustRegister || !current.jwtUsable(parts.clock().instant())
                || !current.certificateValid(parts.clock().instant())) {
            log.info("Registering again with the same key for fresh credentials");
            interruptible = true;
            try {
                if (stopping()) {
                    throw new InterruptedException();
                }
                parts.identity().replace(parts.registrar().register(parts.identity().keys()));
            } finally {
                interruptible = false;
            }
            mustRegister = false;
        }
    }

    private enum Outcome { ENDED, RECONNECT }

    private Outcome stream(IngestAddress address, HeartbeatSession session) throws InterruptedException {
        ManagedChannel channel = parts.channels().open(address, Optional.of(parts.identity().clientIdentity()));
        boolean announced = false;
        SpoolReplay replay = new SpoolReplay(parts.spool(), session, parts.clock(), WINDOW, POLL);
        try {
            parts.outbox().attach(session);
            AgentIngestGrpc.newStub(channel)
                    .withInterceptors(BearerToken.of(parts.identity().credentials().jwt()))
                    .heartbeat(session);
            while (!session.hasEnded()) {
                if (stopping()) {
                    session.finish(GRACE);
                    return Outcome.ENDED;
                }
                if (session.acknowledgementOverdue(ackTimeout)) {
                    session.cancel("no acknowledgement within " + ackTimeout.toSeconds() + " s");
                    break;
                }
                if (session.acknowledged() > 0) {
                    if (!announced) {
                        announced = true;
                        parts.addresses().succeeded();
                        log.info("Heartbeat stream to {} open", address);
                    }
                    if (reconnect.getAndSet(false)
                            || parts.refresher().due() && parts.refresher().refreshIfDue(channel, address)) {
                        session.finish(GRACE);
                        return Outcome.RECONNECT;
                    }
                }
                replay.step();
            }
            return Outcome.ENDED;
        } finally {
            parts.outbox().detach(session);
            if (!session.hasEnded()) {
                session.cancel("heartbeat stream closed");
            }
            channel.shutdownNow();
            channel.awaitTermination(1, TimeUnit.SECONDS);
        }
    }

    private void afterFailure(IngestAddress address, HeartbeatSession session, Duration lived)
            throws InterruptedException {
        IngestFailure failure = session.error().map(error -> IngestFailure.of(address, error))
                .orElseGet(() -> new IngestFailure(IngestFailure.Kind.UNREACHABLE, Status.Code.OK,
                        "ingest " + address + " closed the heartbeat stream"));
        if (session.acknowledged() > 0) {
            if (lived.compareTo(STABLE) >= 0) {
                parts.backoff().reset();
            }
            Duration delay = parts.backoff().next();
            log.warn("Heartbeat stream ended: {}; reconnecting in {} s", failure.message(), seconds(delay));
            pause(delay);
            return;
        }
        if (failure.kind() == IngestFailure.Kind.REFUSED) {
            // an expired JWT, a certificate the server no longer accepts: registration sorts it out
            mustRegister = true;
        }
        boolean everyAddressFailed = parts.addresses().failed();
        if (!everyAddressFailed) {
            log.warn("{}; trying {}", failure.message(), parts.addresses().current());
            return;
        }
        Duration delay = parts.backoff().next();
        String line = failure.message() + "; retrying in " + seconds(delay) + " s";
        if (failure.kind() == IngestFailure.Kind.UNTRUSTED_SERVER) {
            log.error(line);
        } else {
            log.warn(line);
        }
        pause(delay);
    }

    private void pushed(byte[] certificate) {
        try {
            if (parts.identity().acceptPushedCertificate(certificate)) {
                reconnect.set(true);
            }
        } catch (IllegalArgumentException e) {
            log.warn("Ignored a certificate the server pushed: {}", e.getMessage());
        } catch (IOException e) {
            log.error("The certificate the server pushed cannot be stored: {}", e.getMessage());
        }
    }

    private void pushedChecks(List<CheckDefinition> checks) {
        try {
            parts.pushedChecks().accept(checks);
        } catch (RuntimeException e) {
            // on gRPC's thread: a failure here must not break the stream
            log.error("The pushed checks could not be taken: {}", e.toString());
        }
    }

    private void pause(Duration delay) throws InterruptedException {
        stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String seconds(Duration delay) {
        return String.format(Locale.ROOT, "%.1f", delay.toMillis() / 1000.0);
    }
}
