package io.ctops.plugin.monitoring.web;

import com.vaadin.flow.component.Component;
import io.ctops.sdk.web.NavEntry;
import org.pf4j.Extension;

/** "Fleet metrics" in the side navigation. */
@Extension
public class MonitoringFleetNavEntry implements NavEntry {

    @Override
    public String title() {
        return "Fleet metrics";
    }

    @Override
    public String path() {
        return "monitoring/fleet";
    }

    @Override
    public Class<? extends Component> view() {
        return MonitoringFleetView.class;
    }

    @Override
    public String icon() {
        return "vaadin:chart-line";
    }
}
