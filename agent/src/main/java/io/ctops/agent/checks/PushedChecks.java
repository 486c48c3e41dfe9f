package io.ctops.agent.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Where the checks the server pushes go: to the scheduler, which runs them, and to the data
 * directory, so that the same set runs again after a restart before the server can be reached.
 * The server repeats the set in every answer; only a change is written.
 */
public final class PushedChecks implements Consumer<List<CheckDefinition>> {

    private static final Logger log = LoggerFactory.getLogger(PushedChecks.class);

    private final CheckScheduler scheduler;
    private final PushedChecksFile file;
    private List<CheckDefinition> current;

    public PushedChecks(CheckScheduler scheduler, PushedChecksFile file) {
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.file = requireNonNull(file, "file is null");
    }

    /** Starts the set kept from the last run, if there is one. */
    public synchronized void restore() {
        file.load().ifPresent(kept -> {
            log.info("Running the {} check(s) kept from the last push until the server pushes again", kept.size());
            current = List.copyOf(kept);
            scheduler.replace(current);
        });
    }

    /** Takes a pushed set: runs it, and keeps it when it differs from the last one. */
    @Override
    public synchronized void accept(List<CheckDefinition> checks) {
        List<CheckDefinition> pushed = List.copyOf(checks);
        if (pushed.equals(current)) {
            return;
        }
        scheduler.replace(pushed);
        try {
            file.save(pushed);
            current = pushed;
        } catch (IOException e) {
            // runs anyway; written again with the next answer
            log.warn("The pushed checks cannot be kept in {} ({}); after a restart the agent waits for the server"
                    + " to push them again", file.file(), e.getMessage());
        }
    }
}
