package io.ctops.agent.plugin.checks;

import com.google.protobuf.Timestamp;
import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.CheckResult;
import java.time.Clock;
import java.time.Instant;

/** Builds the results of this plugin's checks: short output, the time the check started, its duration. */
final class CheckOutcomes {

    /** Outputs longer than this are cut: a result is a status line, not a log. */
    static final int MAX_OUTPUT = 300;

    private final CheckDefinition definition;
    private final Instant startedAt;
    private final long startedNanos;

    private CheckOutcomes(CheckDefinition definition, Instant startedAt, long startedNanos) {
        this.definition = definition;
        this.startedAt = startedAt;
        this.startedNanos = startedNanos;
    }

    /** Starts timing one run of a check. */
    static CheckOutcomes start(CheckDefinition definition, Clock clock) {
        return new CheckOutcomes(definition, clock.instant(), System.nanoTime());
    }

    /** {@return the milliseconds since {@link #start}} */
    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    CheckResult ok(String output) {
        return result(CheckResult.State.STATE_OK, output);
    }

    CheckResult critical(String output) {
        return result(CheckResult.State.STATE_CRITICAL, output);
    }

    CheckResult unknown(String output) {
        return result(CheckResult.State.STATE_UNKNOWN, output);
    }

    CheckResult invalidSettings(IllegalArgumentException problem) {
        return unknown("invalid settings: " + problem.getMessage());
    }

    private CheckResult result(CheckResult.State state, String output) {
        String text = output.length() <= MAX_OUTPUT ? output : output.substring(0, MAX_OUTPUT - 3) + "...";
        return CheckResult.newBuilder()
                .setCheckId(definition.getCheckId())
                .setState(state)
                .setOutput(text)
                .setCheckedAt(Timestamp.newBuilder().setSeconds(startedAt.getEpochSecond()).setNanos(startedAt.getNano()))
                .setDurationMs((int) Math.min(Integer.MAX_VALUE, elapsedMillis()))
                .build();
    }

    /** {@return the most telling message of a failure and its causes, e.g. "Connection refused"} */
    static String reason(Throwable failure) {
        Throwable current = failure;
        String message = null;
        while (current != null) {
            if (current.getMessage() != null && !current.getMessage().isBlank()) {
                message = current.getMessage();
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return message != null ? message : failure.getClass().getSimpleName();
    }
}
