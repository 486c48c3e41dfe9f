package io.ctops.plugin.monitoring.web;

import com.vaadin.flow.component.Component;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.web.HostTab;
import org.pf4j.Extension;

/** The "Checks" tab of the host page. */
@Extension
public class MonitoringChecksTab implements HostTab {

    private final PluginContext context;

    public MonitoringChecksTab(PluginContext context) {
        this.context = context;
    }

    @Override
    public String title() {
        return "Checks";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Component create(HostTabContext host) {
        return new ChecksPanel(context, host.orgId(), host.hostId(), host.viewerRole());
    }
}
