package io.ctops.agent.cli;

/** The text of {@code ctops-agent help}. */
public final class Usage {

    public static final String TEXT = """
            Usage: ctops-agent <command> [options]

            Commands:
              collect --once    run every enabled collector once and print the vitals as JSON
              version           print the agent version and the plugin SDK version it provides
              help              print this help

            Options of collect:
              --plugins-dir DIR  agent plugin jars   (default: $CT_OPS_AGENT_PLUGINS_DIR, else ./plugins)
              --data-dir DIR     the agent's state   (default: $CT_OPS_AGENT_DATA_DIR, else ./data)
              --host-root DIR    the host's / as the agent sees it, e.g. /host in a container
                                 (default: $CT_OPS_HOST_ROOT, else /)

            Logs go to stderr; set CT_OPS_AGENT_LOG_LEVEL=DEBUG for more.
            Exit status: 0 ok, 1 a collector or plugin failed, 2 bad command line.
            """;

    private Usage() {
    }
}
