package io.ctops.agent.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Runs the checks the server pushed, each on its own interval (60 s when it sets none), on a few
 * worker threads, and puts their results in a {@link CheckResultQueue} for the next heartbeat.
 *
 * <p>A push replaces the whole set: checks no longer in it stop (a run in progress is cancelled and
 * reports nothing), new and changed ones start at once, unchanged ones keep their schedule. A run
 * that takes longer than its interval or the scheduler's maximum run time is cancelled and reported
 * UNKNOWN; a check whose type no plugin provides, or whose settings its executor rejects, is
 * reported UNKNOWN every interval without running.
 */
public final class CheckScheduler implements AutoCloseable {

    /** The longest a run may take by default, whatever its interval. */
    public static final Duration DEFAULT_MAX_RUN_TIME = Duration.ofSeconds(30);
    /** How many checks run at the same time; more wait for a worker. */
    static final int WORKERS = 4;
    private static final Logger log = LoggerFactory.getLogger(CheckScheduler.class);

    private final CheckExecutors executors;
    private final CheckResultQueue results;
    private final Clock clock;
    private final Duration maxRunTime;
    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor workers;
    private final Map<String, ScheduledCheck> checks = new LinkedHashMap<>();
    private boolean closed;

    /**
     * A scheduler whose runs take at most {@link #DEFAULT_MAX_RUN_TIME}.
     *
     * @param executors the executors the plugins contributed
     * @param results where results go
     * @param clock the time results are stamped with
     */
    public CheckScheduler(CheckExecutors executors, CheckResultQueue results, Clock clock) {
        this(executors, results, clock, DEFAULT_MAX_RUN_TIME);
    }

    /**
     * @param executors the executors the plugins contributed
     * @param results where results go
     * @param clock the time results are stamped with
     * @param maxRunTime the longest a run may take, whatever its interval
     */
    public CheckScheduler(CheckExecutors executors, CheckResultQueue results, Clock clock, Duration maxRunTime) {
        this.executors = requireNonNull(executors, "executors is null");
        this.results = requireNonNull(results, "results is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.maxRunTime = requireNonNull(maxRunTime, "maxRunTime is null");
        if (maxRunTime.isNegative() || maxRunTime.isZero()) {
            throw new IllegalArgumentException("maxRunTime must be positive");
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "ctops-checks-timer"));
        this.timer.execute(() -> { }); // start its thread now, not inside the first push
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> daemon(runnable, "ctops-check-" + threads.incrementAndGet()));
        this.workers.allowCoreThreadTimeOut(true);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Makes these the checks to run. Of definitions sharing an id, the first counts.
     *
     * @param definitions the whole set the server pushed; empty stops every check
     */
    public synchronized void replace(List<CheckDefinition> definitions) {
        requireNonNull(definitions, "definitions is null");
        if (closed) {
            return;
        }
        Map<String, CheckDefinition> wanted = new LinkedHashMap<>();
        for (CheckDefinition definition : definitions) {
            if (definition.getCheckId().isBlank()) {
                log.warn("Ignored a pushed {} check without an id", definition.getType());
            } else if (wanted.putIfAbsent(definition.getCheckId(), definition) != null) {
                log.warn("Ignored a second pushed check with id {}", definition.getCheckId());
            }
        }
        int stopped = 0;
        for (Iterator<Map.Entry<String, ScheduledCheck>> it = checks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ScheduledCheck> entry = it.next();
            if (!entry.getValue().check().definition().equals(wanted.get(entry.getKey()))) {
                entry.getValue().stop();
                it.remove();
                stopped++;
            }
        }
        int started = 0;
        for (CheckDefinition definition : wanted.values()) {
            if (!checks.containsKey(definition.getCheckId())) {
                PreparedCheck check = PreparedCheck.prepare(definition, executors, maxRunTime);
                check.problem().ifPresent(problem -> log.warn("Check {} cannot run: {}", check.id(), problem));
                ScheduledCheck scheduled = new ScheduledCheck(check, clock, timer, workers, results);
                checks.put(check.id(), scheduled);
                scheduled.start();
                started++;
            }
        }
        if (started > 0 || stopped > 0) {
            log.info("Checks: {} now ({} started, {} stopped or replaced)", checks.size(), started, stopped);
        }
    }

    /** {@return the definitions being run, by id, in the order they were pushed} */
    public synchronized Map<String, CheckDefinition> definitions() {
        Map<String, CheckDefinition> copy = new LinkedHashMap<>();
        checks.forEach((id, scheduled) -> copy.put(id, scheduled.check().definition()));
        return copy;
    }

    /** Stops every check and the threads; calling it again does nothing. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            checks.values().forEach(ScheduledCheck::stop);
            checks.clear();
        }
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("A check did not stop within 5 s of being interrupted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
