package io.ctops.sdk.agent;

import io.ctops.proto.agent.v1.Task;
import io.ctops.proto.agent.v1.TaskUpdate;
import org.pf4j.ExtensionPoint;

/**
 * Carries out one type of {@link Task} the server sends (e.g. {@code "shell"},
 * {@code "package-upgrade"}).
 *
 * <p>Each task runs on its own thread; several tasks may run on one instance at the same time.
 */
public interface TaskHandler extends ExtensionPoint {

    /** {@return the task type this handler carries out; matches {@link Task#getType()}} */
    String type();

    /**
     * Carries out the task and returns its final update.
     *
     * <p>The returned update should say {@code PHASE_SUCCEEDED} or {@code PHASE_FAILED}, with the
     * output and exit code; the agent fills {@code task_id} when it is left unset. A thrown
     * exception is reported as {@code PHASE_FAILED} with its message. Cancellation interrupts the
     * thread: stop promptly when {@link Thread#isInterrupted()} says so.
     *
     * @param task the task, with its type-specific payload
     * @param progress where to report output while the task runs
     * @return the final update
     * @throws Exception when the task failed in a way the handler did not turn into an update
     */
    TaskUpdate handle(Task task, TaskProgress progress) throws Exception;
}
