package io.ctops.plugin.monitoring;

import io.ctops.sdk.CtopsPlugin;
import io.ctops.sdk.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The monitoring plugin's main class: checks its settings before any extension starts. */
public class MonitoringPlugin extends CtopsPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringPlugin.class);

    public MonitoringPlugin(PluginContext context) {
        super(context);
    }

    @Override
    public void start() {
        MonitoringSettings settings = MonitoringSettings.fromEnvironment(); // throws on a bad setting: the plugin fails, not the server
        LOG.info("monitoring {}: retention raw {}, 1m {}, 1h {}, 1d {}, check results {}", context().pluginVersion(),
                settings.raw(), settings.minute(), settings.hour(), settings.day(), settings.checkResults());
    }
}
