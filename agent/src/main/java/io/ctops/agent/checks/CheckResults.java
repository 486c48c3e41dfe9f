package io.ctops.agent.checks;

import com.google.protobuf.Timestamp;
import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.CheckResult;
import java.time.Duration;
import java.time.Instant;

/** Completes the results executors return, and makes those the agent reports on their behalf. */
final class CheckResults {

    /** Longer outputs are cut: a result is a status line. */
    static final int MAX_OUTPUT = 1000;

    private CheckResults() {
    }

    /** {@return an UNKNOWN result for the check, with this output} */
    static CheckResult unknown(CheckDefinition definition, String output, Instant startedAt, Duration took) {
        return complete(definition, CheckResult.newBuilder().setState(CheckResult.State.STATE_UNKNOWN)
                .setOutput(output).build(), startedAt, took);
    }

    /**
     * {@return the executor's result with the check's id, and the start time and duration where the
     * executor left them unset} A result without a state is reported as UNKNOWN.
     */
    static CheckResult complete(CheckDefinition definition, CheckResult result, Instant startedAt, Duration took) {
        CheckResult.Builder completed = result.toBuilder().setCheckId(definition.getCheckId());
        if (result.getState() == CheckResult.State.STATE_UNSPECIFIED
                || result.getState() == CheckResult.State.UNRECOGNIZED) {
            completed.setState(CheckResult.State.STATE_UNKNOWN);
            if (result.getOutput().isEmpty()) {
                completed.setOutput("the check reported no state");
            }
        }
        if (!result.hasCheckedAt()) {
            completed.setCheckedAt(Timestamp.newBuilder().setSeconds(startedAt.getEpochSecond())
                    .setNanos(startedAt.getNano()));
        }
        if (result.getDurationMs() == 0) {
            completed.setDurationMs((int) Math.min(Integer.MAX_VALUE, took.toMillis()));
        }
        if (completed.getOutput().length() > MAX_OUTPUT) {
            completed.setOutput(completed.getOutput().substring(0, MAX_OUTPUT - 3) + "...");
        }
        return completed.build();
    }

    /** {@return a failure's message for an operator: the exception's message, else its class} */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + message;
    }
}
