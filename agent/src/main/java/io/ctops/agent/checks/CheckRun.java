package io.ctops.agent.checks;

import io.ctops.proto.agent.v1.CheckResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * One run of a check on a worker thread. It reports exactly one result: the executor's, UNKNOWN
 * with the error when the executor throws, or UNKNOWN "timed out after N s" when it is cancelled
 * for taking too long. A run cancelled because its check was replaced or the agent stops reports
 * nothing.
 */
final class CheckRun extends FutureTask<CheckResult> {

    private final PreparedCheck check;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final CheckResultQueue results;
    private volatile Instant startedAt;
    private volatile long startedNanos;
    private volatile boolean timedOut;

    CheckRun(PreparedCheck check, Clock clock, ScheduledExecutorService timer, CheckResultQueue results) {
        super(() -> check.executor().orElseThrow().run(check.definition()));
        this.check = requireNonNull(check, "check is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.results = requireNonNull(results, "results is null");
    }

    @Override
    public void run() {
        startedAt = clock.instant();
        startedNanos = System.nanoTime();
        ScheduledFuture<?> deadline;
        try {
            // the timeout counts from the start of the run, not from the time it waited for a worker
            deadline = timer.schedule(this::timeOut, check.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            cancel(false); // the scheduler is closing
            return;
        }
        try {
            super.run();
        } finally {
            deadline.cancel(false);
        }
    }

    private void timeOut() {
        timedOut = true;
        cancel(true);
    }

    @Override
    protected void done() {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        if (isCancelled()) {
            if (timedOut) {
                results.add(CheckResults.unknown(check.definition(), "timed out after " + seconds(check.timeout()) + " s",
                        startedAt, check.timeout()));
            }
            return;
        }
        try {
            CheckResult result = get();
            results.add(result == null
                    ? CheckResults.unknown(check.definition(), "the check returned no result", startedAt, took)
                    : CheckResults.complete(check.definition(), result, startedAt, took));
        } catch (ExecutionException e) {
            results.add(CheckResults.unknown(check.definition(), CheckResults.describe(e.getCause()), startedAt, took));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cannot happen: the task is done
        }
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
