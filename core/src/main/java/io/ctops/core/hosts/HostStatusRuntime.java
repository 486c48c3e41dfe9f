package io.ctops.core.hosts;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the periodic host work of an ingest instance: flushing batched vitals and status transitions
 * every second and sweeping overdue hosts offline. The sweep is one conditional statement, so
 * several instances sharing a database can all run it.
 */
public final class HostStatusRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostStatusRuntime.class);
    static final Duration FLUSH_EVERY = Duration.ofSeconds(1);
    static final Duration SWEEP_EVERY = Duration.ofSeconds(2);
    /** Vitals reach the row up to one flush late; the sweeper allows for that. */
    static final int SWEEP_GRACE_SECS = 2;

    private final VitalsBatcher batcher;
    private final HostStatusTransitions transitions;
    private final ScheduledExecutorService executor;

    public HostStatusRuntime(VitalsBatcher batcher, HostStatusTransitions transitions) {
        this.batcher = requireNonNull(batcher, "batcher is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "host-status");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
                    guarded("status flush", transitions::flush);
                    guarded("vitals flush", batcher::flush);
                },
                FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> guarded("sweep", () -> transitions.sweep(SWEEP_GRACE_SECS)),
                SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("Host status {} failed: {}", what, e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
        // what the last streams and heartbeats said is not lost at shutdown
        guarded("status flush", transitions::flush);
        guarded("vitals flush", batcher::flush);
    }
}
