package io.ctops.agent;

import io.ctops.agent.cli.AgentSettings;
import io.ctops.agent.cli.Arguments;
import io.ctops.agent.cli.CollectCommand;
import io.ctops.agent.cli.RunCommand;
import io.ctops.agent.cli.StatusCommand;
import io.ctops.agent.config.AgentConfig;
import io.ctops.agent.config.AgentConfigLoader;
import io.ctops.agent.config.ConfigException;
import io.ctops.agent.config.ConfigInputs;
import io.ctops.agent.install.InstallCommand;
import io.ctops.agent.install.InstallLayout;
import io.ctops.agent.install.InstallRequest;
import io.ctops.agent.install.ProcessOwner;
import io.ctops.agent.install.SystemCommands;
import io.ctops.agent.install.UninstallCommand;
import io.ctops.agent.loadtest.LoadtestCommand;
import io.ctops.agent.cli.Usage;
import io.ctops.agent.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The agent's entry point, {@code bin/ctops-agent}: {@code run} (the service), {@code status},
 * {@code collect --once}, {@code install}, {@code uninstall}, {@code loadtest}, {@code version} and {@code help}.
 */
public final class AgentMain {

    /** Exit status for a command line the agent cannot act on. */
    static final int USAGE = 2;

    private AgentMain() {
    }

    public static void main(String[] args) {
        io.ctops.agent.cli.KeyValueLogging.configure(System.getenv());
        System.exit(run(List.of(args), System.out, System.err, System.getenv()));
    }

    /**
     * Runs one command.
     *
     * @param args the command line
     * @param out where command output goes
     * @param err where the one-line error for a bad command line goes
     * @param env the environment, for the defaults of options
     * @return the exit status
     */
    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            if (!args.isEmpty() && args.get(0).equals("loadtest")) {
                return new LoadtestCommand(out).run(args.subList(1, args.size()), env);
            }
            Arguments arguments = Arguments.parse(args);
            AgentVersion version = AgentVersion.current();
            return switch (arguments.command()) {
                case "version" -> {
                    out.println("ctops-agent " + version.agent() + " (agent plugin SDK " + version.sdk() + ")");
                    yield 0;
                }
                case "collect" -> new CollectCommand(out, err, Clock.systemUTC())
                        .run(arguments, AgentSettings.from(arguments, env), version.sdk());
                case "run" -> new RunCommand(err, Clock.systemUTC(), Runtime.getRuntime())
                        .run(config(arguments, env), version);
                case "status" -> new StatusCommand(out, Clock.systemUTC()).run(config(arguments, env));
                case "install" -> new InstallCommand(out, err, new SystemCommands(env), ProcessOwner.current())
                        .run(InstallRequest.from(arguments, env));
                case "uninstall" -> new UninstallCommand(out, err, new SystemCommands(env), ProcessOwner.current())
                        .run(new InstallLayout(arguments.option(Arguments.ROOT).map(Path::of).orElse(Path.of("/"))),
                                arguments.has(Arguments.PURGE));
                default -> {
                    out.print(Usage.TEXT);
                    yield 0;
                }
            };
        } catch (UsageException e) {
            err.println("ctops-agent: " + e.getMessage() + " (see 'ctops-agent help')");
            return USAGE;
        } catch (ConfigException e) {
            err.println("ctops-agent: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("ctops-agent: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static AgentConfig config(Arguments arguments, Map<String, String> env) {
        return new AgentConfigLoader(env).load(new ConfigInputs(
                arguments.option(Arguments.CONFIG).map(Path::of),
                arguments.option(Arguments.DATA_DIR),
                arguments.option(Arguments.PLUGINS_DIR),
                arguments.option(Arguments.HOST_ROOT),
                arguments.all(Arguments.TAG)));
    }
}
