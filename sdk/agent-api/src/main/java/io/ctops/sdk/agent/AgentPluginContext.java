package io.ctops.sdk.agent;

import java.nio.file.Path;
import java.time.Clock;

import static java.util.Objects.requireNonNull;

/**
 * What the agent gives one plugin: who it is, where it may keep files, the time, and where the
 * host's file system is.
 *
 * <p>The agent passes the context to any plugin class or extension with a public constructor that
 * takes it (and otherwise uses the no-argument constructor). All extensions of one plugin share
 * the same context.
 *
 * <p>Read host files through {@link #hostPath(String)} rather than {@code Path.of("/proc/...")}: the
 * agent may run in a container with the host's file system mounted elsewhere, and tests point the
 * root at fixture files.
 */
public interface AgentPluginContext {

    /** {@return the plugin's id, as in its manifest's {@code Plugin-Id}} */
    String pluginId();

    /**
     * {@return a directory that belongs to this plugin alone, kept across agent restarts and
     * upgrades} The agent creates it before the plugin is started.
     */
    Path dataDir();

    /** {@return the clock to read the time from, so tests can fix it} */
    Clock clock();

    /** {@return the host's root directory; {@code /} unless the agent was told otherwise} */
    Path hostRoot();

    /**
     * Resolves an absolute host path, such as {@code /proc/stat}, against {@link #hostRoot()}.
     *
     * @param absolutePath a path as seen on the host; a leading {@code /} is optional
     * @return the path to open
     */
    default Path hostPath(String absolutePath) {
        requireNonNull(absolutePath, "absolutePath is null");
        String relative = absolutePath.replaceFirst("^/+", "");
        return relative.isEmpty() ? hostRoot() : hostRoot().resolve(relative);
    }

    /**
     * A context with fixed values, for the agent itself and for plugin authors' tests.
     *
     * @param pluginId the plugin's id
     * @param dataDir the plugin's own directory
     * @param hostRoot the host's root directory
     * @param clock the clock
     * @return an immutable context
     */
    static AgentPluginContext of(String pluginId, Path dataDir, Path hostRoot, Clock clock) {
        return new FixedAgentPluginContext(pluginId, dataDir, hostRoot, clock);
    }
}
