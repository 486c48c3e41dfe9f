package io.ctops.agent.cli;

import io.ctops.agent.collect.CollectionResult;
import io.ctops.agent.collect.CollectorRunner;
import io.ctops.agent.collect.VitalsJson;
import io.ctops.agent.host.AgentPluginHost;
import io.ctops.sdk.agent.Collector;
import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code collect --once}: loads the plugins, runs every enabled collector once and prints the
 * vitals as JSON on stdout. A smoke test of an installation and of a plugin under development.
 */
public final class CollectCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public CollectCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /**
     * @param arguments the parsed command line
     * @param settings where plugins, data and host are
     * @param sdkVersion the SDK version this agent provides
     * @return the exit status: 0 when every collector delivered, 1 otherwise
     */
    public int run(Arguments arguments, AgentSettings settings, String sdkVersion) {
        if (!arguments.has(Arguments.ONCE)) {
            throw new UsageException("collect needs --once (continuous collection comes with the agent service)");
        }
        settings.requireReadableDirectories();
        try (AgentPluginHost host = new AgentPluginHost(settings.pluginsDir(), settings.dataDir(),
                settings.hostRoot(), clock, sdkVersion)) {
            host.start();
            CollectorRunner runner = new CollectorRunner(host.extensions(Collector.class));
            if (runner.collectorIds().isEmpty()) {
                err.println("ctops-agent: no enabled collectors in " + settings.pluginsDir());
                return 1;
            }
            CollectionResult result = runner.collectOnce();
            if (!result.succeeded().isEmpty()) {
                out.println(VitalsJson.print(result.vitals()));
            }
            return result.complete() ? 0 : 1;
        }
    }
}
