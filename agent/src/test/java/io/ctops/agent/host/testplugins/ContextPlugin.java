package io.ctops.agent.host.testplugins;

import io.ctops.sdk.agent.AgentPluginContext;
import org.pf4j.Plugin;

/** A Plugin-Class that takes its context and leaves a file in its data directory on start. */
public class ContextPlugin extends Plugin {

    private final AgentPluginContext context;

    public ContextPlugin(AgentPluginContext context) {
        this.context = context;
    }

    @Override
    public void start() {
        try {
            java.nio.file.Files.writeString(context.dataDir().resolve("started"), context.pluginId());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
