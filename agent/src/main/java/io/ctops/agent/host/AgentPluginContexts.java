package io.ctops.agent.host;

import io.ctops.sdk.agent.AgentPluginContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * One {@link AgentPluginContext} per plugin id, shared by the plugin class and all its extensions.
 * Each plugin's data lives in {@code <data dir>/plugins/<plugin id>/}.
 */
final class AgentPluginContexts {

    /** The id given to extensions found on the agent's own class path rather than in a plugin. */
    static final String AGENT_ID = "agent";

    private final Path dataDir;
    private final Path hostRoot;
    private final Clock clock;
    private final Map<String, AgentPluginContext> contexts = new ConcurrentHashMap<>();

    AgentPluginContexts(Path dataDir, Path hostRoot, Clock clock) {
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
        this.hostRoot = requireNonNull(hostRoot, "hostRoot is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    AgentPluginContext forPlugin(String pluginId) {
        return contexts.computeIfAbsent(pluginId, this::create);
    }

    private AgentPluginContext create(String pluginId) {
        Path pluginData = dataDir.resolve("plugins").resolve(pluginId);
        try {
            Files.createDirectories(pluginData);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + pluginData + " for plugin " + pluginId, e);
        }
        return AgentPluginContext.of(pluginId, pluginData, hostRoot, clock);
    }
}
