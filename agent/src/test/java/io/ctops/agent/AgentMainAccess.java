package io.ctops.agent;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Lets tests in other packages call {@link AgentMain#run}. */
public final class AgentMainAccess {

    private AgentMainAccess() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return AgentMain.run(args, out, err, env);
    }
}
