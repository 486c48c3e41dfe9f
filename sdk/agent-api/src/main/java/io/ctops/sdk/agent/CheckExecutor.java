package io.ctops.sdk.agent;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.CheckResult;
import org.pf4j.ExtensionPoint;

/**
 * Runs one type of check (e.g. {@code "http"}, {@code "tcp"}, {@code "process"}) that the server
 * pushes to the agent as {@link CheckDefinition}s.
 *
 * <p>The agent may run checks of several definitions at the same time on one instance: keep
 * per-check state out of fields.
 */
public interface CheckExecutor extends ExtensionPoint {

    /** {@return the check type this executor runs; matches {@link CheckDefinition#getType()}} */
    String type();

    /**
     * Rejects a definition whose settings cannot work, without any I/O, so a typo is reported once
     * instead of failing at every run. The agent calls it when a definition arrives or changes.
     *
     * @param definition the definition to check
     * @throws IllegalArgumentException with a message for the operator, e.g. {@code "url is missing"}
     */
    default void validate(CheckDefinition definition) {
    }

    /**
     * Runs the check once.
     *
     * <p>Set at least the state and the output. The agent fills {@code check_id},
     * {@code checked_at} and {@code duration_ms} where they are left unset. A thrown exception is
     * reported as {@code STATE_UNKNOWN} with its message as output. The agent interrupts the thread
     * when the check takes too long or the agent stops.
     *
     * @param definition the check to run
     * @return the outcome
     * @throws Exception when the check could not be carried out at all
     */
    CheckResult run(CheckDefinition definition) throws Exception;
}
