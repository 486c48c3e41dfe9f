package io.ctops.plugin.example;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.ctops.sdk.PluginContext;

/** The newest events in a grid. */
public class ExampleView extends VerticalLayout {

    public ExampleView(PluginContext context) {
        add(new H2("Example events"));
        Grid<ExampleEvent> grid = new Grid<>();
        grid.setId("example-events");
        grid.addColumn(ExampleEvent::occurredAt).setHeader("When").setAutoWidth(true);
        grid.addColumn(ExampleEvent::hostId).setHeader("Host").setAutoWidth(true);
        grid.addColumn(ExampleEvent::kind).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(ExampleEvent::message).setHeader("Message").setFlexGrow(1);
        grid.setItems(new ExampleEvents(context.dsl()).latest(200));
        setSizeFull();
        add(grid);
    }
}
