package io.ctops.core.cli;

import io.ctops.core.access.Refusal;
import io.ctops.core.config.ConfigException;
import io.ctops.core.identity.IdentityRefusal;
import io.ctops.core.plugin.PluginOperationException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bin/ctops admin <command>}: the operator's command line for automation and for machines
 * without a browser. It works on the configured database through the services the UI and the REST
 * API use, acting as {@code cli:<os user>} with the super_admin role, so validation and audit are the
 * same. Exit status 0 done, 1 refused or failed, 2 usage error; one line on standard error says why.
 */
public final class AdminMain {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;

    private AdminMain() {
    }

    public static void main(String[] args) {
        // before the first logger exists: log lines must not mix with answers on standard output
        System.setProperty("logback.configurationFile", "io/ctops/core/cli/logback-cli.xml");
        System.exit(run(Arrays.asList(args), System.getenv(), System.in, System.out, System.err));
    }

    /** Runs one command; the streams and environment are parameters so tests run it in-process. */
    public static int run(List<String> args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).println(AdminCommands.usage());
            return args.isEmpty() ? USAGE : OK;
        }
        Opened opened = new Opened(env);
        try {
            AdminCommands.Command command = find(args);
            int words = command.name().split(" ").length;
            AdminArguments arguments = AdminArguments.parse(args.subList(words, args.size()), command.valued(), command.flags());
            command.handler().run(new AdminCommands(opened, env, in, out, err), arguments);
            return OK;
        } catch (UsageException | ConfigException e) {
            err.println("ctops admin: " + e.getMessage() + " (try: ctops admin --help)");
            return USAGE;
        } catch (Refusal | IdentityRefusal | PluginOperationException e) {
            err.println("ctops admin: refused: " + e.getMessage());
            return REFUSED;
        } catch (RuntimeException e) {
            err.println("ctops admin: failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return REFUSED;
        } finally {
            opened.close();
        }
    }

    private static AdminCommands.Command find(List<String> args) {
        String first = args.get(0);
        AdminCommands.Command single = AdminCommands.COMMANDS.get(first);
        if (single != null) {
            return single;
        }
        if (args.size() > 1 && AdminCommands.COMMANDS.containsKey(first + " " + args.get(1))) {
            return AdminCommands.COMMANDS.get(first + " " + args.get(1));
        }
        throw new UsageException("unknown command '" + String.join(" ", args.subList(0, Math.min(2, args.size()))) + "'");
    }

    /** Opens the database on the first command that needs it, so usage errors need none. */
    private static final class Opened implements Supplier<AdminContext> {
        private final Map<String, String> env;
        private AdminContext context;

        Opened(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public AdminContext get() {
            if (context == null) {
                context = AdminContext.open(env, System.getProperty("user.name", "unknown"));
            }
            return context;
        }

        void close() {
            if (context != null) {
                context.close();
            }
        }
    }
}
