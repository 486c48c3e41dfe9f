package io.ctops.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the agent finds its plugins, keeps its state and sees the host. Each comes from its command
 * line option, else from an environment variable, else from a default.
 *
 * @param pluginsDir {@code --plugins-dir}, {@code CT_OPS_AGENT_PLUGINS_DIR}, {@code ./plugins}
 * @param dataDir {@code --data-dir}, {@code CT_OPS_AGENT_DATA_DIR}, {@code ./data}
 * @param hostRoot {@code --host-root}, {@code CT_OPS_HOST_ROOT}, {@code /}; another path when the
 *                 host's file system is mounted into the agent's container
 */
public record AgentSettings(Path pluginsDir, Path dataDir, Path hostRoot) {

    public static final String PLUGINS_DIR_ENV = "CT_OPS_AGENT_PLUGINS_DIR";
    public static final String DATA_DIR_ENV = "CT_OPS_AGENT_DATA_DIR";
    public static final String HOST_ROOT_ENV = "CT_OPS_HOST_ROOT";

    /**
     * @param arguments the parsed command line
     * @param env the environment
     * @return the settings, with absolute paths
     */
    public static AgentSettings from(Arguments arguments, Map<String, String> env) {
        return new AgentSettings(
                path(arguments, Arguments.PLUGINS_DIR, env, PLUGINS_DIR_ENV, "plugins"),
                path(arguments, Arguments.DATA_DIR, env, DATA_DIR_ENV, "data"),
                path(arguments, Arguments.HOST_ROOT, env, HOST_ROOT_ENV, "/"));
    }

    private static Path path(Arguments arguments, String option, Map<String, String> env, String variable,
            String fallback) {
        String value = arguments.option(option)
                .orElseGet(() -> env.getOrDefault(variable, "").isBlank() ? fallback : env.get(variable));
        return Path.of(value).toAbsolutePath().normalize();
    }

    /**
     * Checks that the directories the agent reads exist, so a typo gives one clear line instead of
     * an agent without plugins.
     *
     * @throws UsageException naming the missing directory
     */
    public void requireReadableDirectories() {
        if (!Files.isDirectory(pluginsDir)) {
            throw new UsageException("plugins directory " + pluginsDir + " does not exist");
        }
        if (!Files.isDirectory(hostRoot)) {
            throw new UsageException("host root " + hostRoot + " does not exist");
        }
    }
}
