package io.ctops.plugin.monitoring.web;

import com.vaadin.flow.component.Component;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.web.HostTab;
import org.pf4j.Extension;

/** The "Metrics" tab of the host page. */
@Extension
public class MonitoringMetricsTab implements HostTab {

    private final PluginContext context;

    public MonitoringMetricsTab(PluginContext context) {
        this.context = context;
    }

    @Override
    public String title() {
        return "Metrics";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Component create(HostTabContext host) {
        return new MetricsPanel(context, host.orgId(), host.hostId());
    }
}
