package io.ctops.sdk.job;

import java.time.Duration;
import org.pf4j.ExtensionPoint;

/**
 * Periodic work: sweepers, refreshers, retention. Runs on a shared scheduler while the plugin runs,
 * with a fixed delay between the end of one run and the start of the next; a run that throws is
 * logged and the job runs again at its next time.
 */
public interface ScheduledJob extends ExtensionPoint {

    /** A name unique within the plugin, used in logs and metrics. */
    String id();

    /** Delay between runs. */
    Duration interval();

    /** Delay before the first run; by default one interval. */
    default Duration initialDelay() {
        return interval();
    }

    void run() throws Exception;
}
