package io.ctops.agent.heartbeat;

import io.ctops.proto.agent.v1.HeartbeatRequest;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Builds a heartbeat every interval on one thread (collectors never run concurrently) and hands it
 * to the outbox, whether or not the server can be reached.
 */
public final class HeartbeatTicker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatTicker.class);

    private final HeartbeatFactory factory;
    private final HeartbeatOutbox outbox;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ctops-heartbeat-ticker");
        thread.setDaemon(true);
        return thread;
    });

    public HeartbeatTicker(HeartbeatFactory factory, HeartbeatOutbox outbox, Duration interval) {
        this.factory = requireNonNull(factory, "factory is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    /** Starts ticking: the first heartbeat one interval from now. */
    public void start() {
        executor.scheduleAtFixedRate(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a heartbeat now as well, e.g. as soon as a stream opens. */
    public void tickNow() {
        try {
            executor.execute(this::tick);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void tick() {
        try {
            HeartbeatRequest heartbeat = factory.next();
            outbox.submit(heartbeat);
            factory.handedOver(heartbeat);
        } catch (RuntimeException | LinkageError e) {
            log.error("Heartbeat not built: {}", e.toString());
            log.debug("Details", e);
        }
    }

    /** Stops ticking, letting a heartbeat being built finish. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
