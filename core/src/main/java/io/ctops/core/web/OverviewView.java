package io.ctops.core.web;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.ctops.core.plugin.PluginState;
import io.ctops.core.plugin.PluginStatus;
import java.util.List;

/** The landing page. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Overview · CT-Ops")
public final class OverviewView extends VerticalLayout {

    public OverviewView() {
        WebServices services = WebServices.current();
        List<PluginStatus> plugins = services.plugins().plugins();
        long running = plugins.stream().filter(p -> p.state() == PluginState.STARTED).count();
        long failed = plugins.stream().filter(p -> p.state() == PluginState.FAILED).count();
        add(new H2("Overview"));
        Paragraph summary = new Paragraph(running + " plugin(s) running, " + failed + " failed, "
                + plugins.size() + " installed.");
        summary.setId("plugin-summary");
        add(summary);
    }
}
