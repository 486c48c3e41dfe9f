package io.ctops.sdk.agent;

import java.nio.file.Path;
import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** The value behind {@link AgentPluginContext#of}; package-private so the API stays an interface. */
record FixedAgentPluginContext(String pluginId, Path dataDir, Path hostRoot, Clock clock)
        implements AgentPluginContext {

    FixedAgentPluginContext {
        requireNonNull(pluginId, "pluginId is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(hostRoot, "hostRoot is null");
        requireNonNull(clock, "clock is null");
        if (pluginId.isBlank()) {
            throw new IllegalArgumentException("pluginId is blank");
        }
    }
}
