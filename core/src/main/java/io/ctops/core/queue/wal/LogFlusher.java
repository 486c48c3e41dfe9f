package io.ctops.core.queue.wal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that finishes a topic's asynchronous publishes: it writes what they buffered, waits for the
 * fsync covering them when the policy asks for one, and completes their futures. Publishers wake it only
 * when it is not already awake, so a busy producer costs no hand-off per record; whatever arrives while
 * it writes or syncs is done in its next round, which is how one producer fills an fsync.
 */
final class LogFlusher {

    private static final Logger LOG = LoggerFactory.getLogger(LogFlusher.class);

    private final BooleanSupplier round;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean stopping;

    /** @param round does one round of work; false when there was none */
    LogFlusher(String topic, BooleanSupplier round) {
        this.round = round;
        this.thread = new Thread(this::run, "wal-flush-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** There is work: make sure a round starts after this call. */
    void wake() {
        if (!signalled.get() && signalled.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (true) {
            signalled.set(false); // before the round: work added during it wakes us again
            boolean worked;
            try {
                worked = round.getAsBoolean();
            } catch (RuntimeException | Error e) {
                LOG.error("Flushing the log failed unexpectedly", e);
                worked = false;
            }
            if (!worked) {
                if (stopping) {
                    return; // a final round found nothing left
                }
                while (!signalled.get() && !stopping) {
                    LockSupport.park(this);
                }
            }
        }
    }

    /** Finishes what is pending and ends the thread. */
    void stop() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
