package io.ctops.agent.checks;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * One check on its interval: every tick hands a run to the workers, unless the previous run is still
 * going (then the tick is skipped) or the check cannot run (then its problem is reported).
 */
final class ScheduledCheck {

    private static final Logger log = LoggerFactory.getLogger(ScheduledCheck.class);

    private final PreparedCheck check;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final CheckResultQueue results;
    private ScheduledFuture<?> ticks;
    private CheckRun running;
    private boolean stopped;

    ScheduledCheck(PreparedCheck check, Clock clock, ScheduledExecutorService timer, Executor workers,
            CheckResultQueue results) {
        this.check = requireNonNull(check, "check is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.results = requireNonNull(results, "results is null");
    }

    PreparedCheck check() {
        return check;
    }

    /** Runs the check now and then every interval. */
    synchronized void start() {
        ticks = timer.scheduleAtFixedRate(this::tick, 0, check.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void tick() {
        try {
            if (stopped) {
                return;
            }
            if (check.problem().isPresent()) {
                results.add(CheckResults.unknown(check.definition(), check.problem().get(), clock.instant(),
                        Duration.ZERO));
                return;
            }
            if (running != null && !running.isDone()) {
                log.debug("Check {} is still running; skipped this interval", check.id());
                return;
            }
            running = new CheckRun(check, clock, timer, results);
            workers.execute(running);
        } catch (RejectedExecutionException e) {
            // the scheduler is closing
        } catch (RuntimeException e) {
            // an exception would end the fixed-rate schedule for good
            log.error("Check {} not started: {}", check.id(), e.toString());
        }
    }

    /** Stops the schedule and cancels a run in progress, which then reports nothing. */
    synchronized void stop() {
        stopped = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (running != null) {
            running.cancel(true);
        }
    }
}
