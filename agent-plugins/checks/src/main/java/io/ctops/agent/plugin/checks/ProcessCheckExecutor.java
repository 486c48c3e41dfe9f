package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.sdk.agent.AgentPluginContext;
import io.ctops.sdk.agent.CheckExecutor;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.pf4j.Extension;

import static java.util.Objects.requireNonNull;

/**
 * The {@code process} check: counts the host's processes with a given name ({@code comm}, or the
 * file name of the program in the command line) or whose command line matches a regular
 * expression. OK with the count and the first pids; CRITICAL when there is none.
 *
 * <p>Reads {@code /proc} below the agent's host root, so an agent in a container sees the host's
 * processes when the host's root is mounted.
 */
@Extension
public final class ProcessCheckExecutor implements CheckExecutor {

    /** How many pids the output lists at most. */
    static final int LISTED_PIDS = 5;

    private final AgentPluginContext context;

    /**
     * @param context the plugin's context: the host root and the clock
     */
    public ProcessCheckExecutor(AgentPluginContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public String type() {
        return "process";
    }

    @Override
    public void validate(CheckDefinition definition) {
        ProcessCheckSettings.from(definition);
    }

    @Override
    public CheckResult run(CheckDefinition definition) {
        CheckOutcomes outcome = CheckOutcomes.start(definition, context.clock());
        ProcessCheckSettings settings;
        try {
            settings = ProcessCheckSettings.from(definition);
        } catch (IllegalArgumentException e) {
            return outcome.invalidSettings(e);
        }
        List<ProcessEntry> matching;
        try {
            matching = new ProcessTable(context.hostPath("/proc")).list().stream().filter(settings::matches).toList();
        } catch (IOException e) {
            return outcome.unknown("cannot list the processes in " + context.hostPath("/proc") + ": "
                    + CheckOutcomes.reason(e));
        }
        if (matching.isEmpty()) {
            return outcome.critical("no process " + settings.describe());
        }
        String pids = matching.stream().limit(LISTED_PIDS).map(p -> Long.toString(p.pid()))
                .collect(Collectors.joining(", ")) + (matching.size() > LISTED_PIDS ? ", ..." : "");
        return outcome.ok(matching.size() + (matching.size() == 1 ? " process " : " processes ") + settings.describe()
                + " (pid " + pids + ")");
    }
}
