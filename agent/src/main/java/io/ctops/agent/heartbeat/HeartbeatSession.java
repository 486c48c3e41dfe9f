package io.ctops.agent.heartbeat;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * One heartbeat stream. The server answers every heartbeat, in order, with one response; the session
 * keeps what it sent until then. A live heartbeat still unanswered when the stream ends goes to the
 * spool; a replayed one simply stays there, and leaves the spool only once answered.
 */
final class HeartbeatSession implements ClientResponseObserver<HeartbeatRequest, HeartbeatResponse> {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatSession.class);

    /** A heartbeat sent and not yet answered; {@code spoolIndex} is -1 for a live one. */
    private record InFlight(HeartbeatRequest heartbeat, long spoolIndex, long sentNanos) {
    }

    private final HeartbeatSpool spool;
    private final int window;
    private final LongSupplier nanoTime;
    private final Consumer<byte[]> pushedCertificates;
    private final Consumer<List<CheckDefinition>> pushedChecks;
    private final Runnable whenOpen;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private ClientCallStreamObserver<HeartbeatRequest> requests;
    private boolean open;
    private boolean draining;
    private boolean ended;
    private boolean woken;
    private Throwable error;
    private long acknowledged;
    private long replayedAcknowledged;

    /**
     * @param spool where unanswered live heartbeats go, and where answered replayed ones leave
     * @param window how many heartbeats may be unanswered at once
     * @param nanoTime the clock for the acknowledgement timeout
     * @param pushedCertificates told about a certificate the server wants the agent to switch to
     * @param pushedChecks told about the set of checks the server wants run, when an answer has one
     * @param whenOpen run once, when the connection is up and the stream can take heartbeats
     */
    HeartbeatSession(HeartbeatSpool spool, int window, LongSupplier nanoTime, Consumer<byte[]> pushedCertificates,
            Consumer<List<CheckDefinition>> pushedChecks, Runnable whenOpen) {
        this.spool = requireNonNull(spool, "spool is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.pushedCertificates = requireNonNull(pushedCertificates, "pushedCertificates is null");
        this.pushedChecks = requireNonNull(pushedChecks, "pushedChecks is null");
        this.whenOpen = requireNonNull(whenOpen, "whenOpen is null");
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.window = window;
    }

    @Override
    public synchronized void beforeStart(ClientCallStreamObserver<HeartbeatRequest> requestStream) {
        this.requests = requestStream;
        // ready means connected (TCP and TLS): only then is a fresh heartbeat sent live
        requestStream.setOnReadyHandler(this::ready);
    }

    private void ready() {
        boolean first;
        synchronized (this) {
            first = !open && !ended && requests.isReady();
            open |= first;
        }
        if (first) {
            whenOpen.run();
        }
    }

    /** Sends a fresh heartbeat; false when the session cannot take it now (then spool it). */
    synchronized boolean offerLive(HeartbeatRequest heartbeat) {
        if (!open || ended || draining || inFlight.size() >= window) {
            return false;
        }
        send(new InFlight(heartbeat, -1, nanoTime.getAsLong()));
        return true;
    }

    /**
     * Sends a spooled heartbeat, waiting up to {@code maxWait} for room in the window.
     *
     * @return false when it was not sent (the session ended, is closing, or stayed full)
     */
    synchronized boolean sendReplay(HeartbeatSpool.Spooled spooled, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!ended && !draining && inFlight.size() >= window) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        if (ended || draining || requests == null) {
            return false;
        }
        send(new InFlight(spooled.heartbeat(), spooled.index(), nanoTime.getAsLong()));
        return true;
    }

    private void send(InFlight sent) {
        inFlight.addLast(sent);
        requests.onNext(sent.heartbeat());
    }

    @Override
    public void onNext(HeartbeatResponse response) {
        InFlight answered;
        synchronized (this) {
            if (ended) {
                return;
            }
            answered = inFlight.pollFirst();
            if (answered == null || answered.heartbeat().getSequence() != response.getAckSequence()) {
                log.warn("Ingest answered heartbeat {} but {} was expected; reconnecting", response.getAckSequence(),
                        answered == null ? "none" : answered.heartbeat().getSequence());
                if (answered != null) {
                    inFlight.addFirst(answered);
                }
                cancel("acknowledgements out of order");
                return;
            }
            acknowledged++;
            if (answered.spoolIndex() >= 0) {
                replayedAcknowledged++;
            }
            notifyAll();
        }
        if (answered.spoolIndex() >= 0) {
            spool.acknowledge(answered.spoolIndex());
        }
        if (!response.getPendingCertificateDer().isEmpty()) {
            pushedCertificates.accept(response.getPendingCertificateDer().toByteArray());
        }
        if (response.getReplaceChecks() || response.getChecksCount() > 0) {
            // without replace_checks (an older server) an empty list means "unchanged", not "none"
            pushedChecks.accept(response.getChecksList());
        }
        // last: the loop looks at what this answer changed (first answer, a pushed certificate)
        wake();
    }

    @Override
    public void onError(Throwable t) {
        end(t);
    }

    @Override
    public void onCompleted() {
        end(null);
    }

    /**
     * Ends the session once. Unanswered live heartbeats are spooled while the lock is held, so that a
     * heartbeat the outbox spools because this session refused it lands after them, in order.
     */
    private synchronized void end(Throwable failure) {
        if (ended) {
            return;
        }
        ended = true;
        error = failure;
        if (failure != null && Status.fromThrowable(failure).getCode() == Status.Code.INVALID_ARGUMENT
                && !inFlight.isEmpty()) {
            // The server answers in order, so it refused the oldest unanswered heartbeat. Sending it
            // again would be refused again and close every stream: drop it.
            InFlight refused = inFlight.pollFirst();
            log.warn("Ingest refused heartbeat {} ({}); dropped", refused.heartbeat().getSequence(),
                    Status.fromThrowable(failure).getDescription());
            if (refused.spoolIndex() >= 0) {
                spool.acknowledge(refused.spoolIndex());
            }
        }
        int spooled = 0;
        for (InFlight sent : inFlight) {
            if (sent.spoolIndex() < 0) {
                spool.append(sent.heartbeat());
                spooled++;
            }
        }
        inFlight.clear();
        notifyAll();
        if (spooled > 0) {
            log.info("{} unacknowledged heartbeat(s) kept in the spool", spooled);
        }
    }

    /** Ends the stream now; unanswered live heartbeats go to the spool. */
    void cancel(String reason) {
        ClientCallStreamObserver<HeartbeatRequest> stream;
        synchronized (this) {
            stream = requests;
        }
        if (stream != null) {
            stream.cancel(reason, null);
        }
        end(Status.CANCELLED.withDescription(reason).asRuntimeException());
    }

    /**
     * Closes the stream gracefully: sends nothing new, waits up to {@code grace} for the answers to
     * what was sent, then half-closes (or cancels what is still unanswered).
     */
    void finish(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        boolean answered;
        synchronized (this) {
            draining = true;
            while (!ended && !inFlight.isEmpty() && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            if (ended) {
                return;
            }
            answered = inFlight.isEmpty();
        }
        if (!answered) {
            cancel("agent closing the stream");
            return;
        }
        requests.onCompleted();
        synchronized (this) {
            while (!ended && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        if (!hasEnded()) {
            cancel("agent closing the stream");
        }
    }

    /**
     * Waits until the session ends or {@link #wake()} is called, at most {@code timeout}. The loop
     * waits here between its checks, so that an idle agent's main thread sleeps instead of polling.
     */
    synchronized void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended && !woken) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        woken = false;
    }

    /** Ends the current {@link #awaitEnd} early: something the loop must look at changed. */
    synchronized void wake() {
        woken = true;
        notifyAll();
    }

    /** {@return whether the oldest unanswered heartbeat has waited longer than the timeout} */
    synchronized boolean acknowledgementOverdue(Duration timeout) {
        InFlight oldest = inFlight.peekFirst();
        return oldest != null && nanoTime.getAsLong() - oldest.sentNanos() > timeout.toNanos();
    }

    /** {@return how many heartbeats wait for an answer} */
    synchronized int unanswered() {
        return inFlight.size();
    }

    synchronized boolean hasEnded() {
        return ended;
    }

    /** {@return how many heartbeats the server answered on this stream} */
    synchronized long acknowledged() {
        return acknowledged;
    }

    /** {@return how many of those came from the spool} */
    synchronized long replayedAcknowledged() {
        return replayedAcknowledged;
    }

    /** {@return why the stream ended: empty when the server closed it normally or it has not ended} */
    synchronized Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }
}
