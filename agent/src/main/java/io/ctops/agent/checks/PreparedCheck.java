package io.ctops.agent.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.sdk.agent.CheckExecutor;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A pushed definition, looked at once when it arrives: its interval, how long one run may take,
 * and its executor, or why it cannot run (no executor for its type, settings the executor rejects).
 *
 * @param definition what the server pushed
 * @param interval how often it runs
 * @param timeout how long one run may take before it is cancelled
 * @param executor the executor for its type, when it can run
 * @param problem why it cannot run, reported as UNKNOWN every interval instead of running it
 */
record PreparedCheck(CheckDefinition definition, Duration interval, Duration timeout, Optional<CheckExecutor> executor,
        Optional<String> problem) {

    /** The interval of a definition that sets none. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    PreparedCheck {
        requireNonNull(definition, "definition is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(executor, "executor is null");
        requireNonNull(problem, "problem is null");
        if (executor.isEmpty() == problem.isEmpty()) {
            throw new IllegalArgumentException("a check has either an executor or a problem");
        }
    }

    /**
     * @param definition the pushed definition
     * @param executors the executors by type
     * @param maxRunTime the longest any run may take; a run also never outlasts its interval
     * @return the prepared check
     */
    static PreparedCheck prepare(CheckDefinition definition, CheckExecutors executors, Duration maxRunTime) {
        Duration interval = definition.getIntervalSecs() == 0 ? DEFAULT_INTERVAL
                : Duration.ofSeconds(definition.getIntervalSecs());
        Duration timeout = interval.compareTo(maxRunTime) < 0 ? interval : maxRunTime;
        Optional<CheckExecutor> executor = executors.forType(definition.getType());
        if (executor.isEmpty()) {
            return new PreparedCheck(definition, interval, timeout, Optional.empty(),
                    Optional.of("no executor for type " + definition.getType()));
        }
        try {
            executor.get().validate(definition);
        } catch (IllegalArgumentException e) {
            return new PreparedCheck(definition, interval, timeout, Optional.empty(),
                    Optional.of("invalid settings: " + e.getMessage()));
        } catch (RuntimeException | LinkageError e) {
            return new PreparedCheck(definition, interval, timeout, Optional.empty(),
                    Optional.of("invalid settings: " + CheckResults.describe(e)));
        }
        return new PreparedCheck(definition, interval, timeout, executor, Optional.empty());
    }

    /** {@return the check's id} */
    String id() {
        return definition.getCheckId();
    }
}
