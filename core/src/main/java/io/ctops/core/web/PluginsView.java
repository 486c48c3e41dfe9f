package io.ctops.core.web;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.ctops.core.plugin.PluginStatus;

/** Every installed plugin with its version, state and, when it failed, why. */
@Route(value = "plugins", layout = MainLayout.class)
@PageTitle("Plugins · CT-Ops")
public final class PluginsView extends VerticalLayout {

    public PluginsView() {
        add(new H2("Plugins"));
        Grid<PluginStatus> grid = new Grid<>();
        grid.setId("plugins-grid");
        grid.addColumn(PluginStatus::id).setHeader("Plugin").setAutoWidth(true);
        grid.addColumn(PluginStatus::version).setHeader("Version").setAutoWidth(true);
        grid.addColumn(s -> s.state().name()).setHeader("State").setAutoWidth(true);
        grid.addColumn(s -> s.reason().orElse("")).setHeader("Reason").setFlexGrow(1);
        grid.addColumn(s -> s.jar().getFileName().toString()).setHeader("Jar").setAutoWidth(true);
        grid.setItems(WebServices.current().plugins().plugins());
        setSizeFull();
        add(grid);
    }
}
