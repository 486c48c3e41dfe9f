package io.ctops.sdk.agent;

/**
 * Lets a {@link TaskHandler} report output while its task is still running, so a long upgrade
 * shows progress on the server instead of silence until it ends.
 */
@FunctionalInterface
public interface TaskProgress {

    /**
     * Reports output produced since the previous call. The agent sends it with the next
     * heartbeat as a {@code PHASE_RUNNING} update of the task; it never blocks on the network.
     *
     * @param output new output, e.g. a few lines of a command's stdout
     */
    void report(String output);
}
