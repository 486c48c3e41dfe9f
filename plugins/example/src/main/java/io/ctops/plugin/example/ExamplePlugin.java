package io.ctops.plugin.example;

import io.ctops.sdk.CtopsPlugin;
import io.ctops.sdk.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The example plugin's main class; its work is done by its extensions. */
public class ExamplePlugin extends CtopsPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(ExamplePlugin.class);

    public ExamplePlugin(PluginContext context) {
        super(context);
    }

    @Override
    public void start() {
        LOG.info("example plugin {} keeping events in {}", context().pluginVersion(), context().dataDir());
    }
}
