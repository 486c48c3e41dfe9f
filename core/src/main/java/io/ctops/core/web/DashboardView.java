package io.ctops.core.web;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.ctops.core.access.Actor;
import io.ctops.core.fleet.FleetOverview;
import io.ctops.core.fleet.FleetRules;
import io.ctops.core.fleet.HostRow;
import io.ctops.core.fleet.HostStatus;
import java.util.Map;

/** The fleet at a glance: counts by status, hosts running hot, and the operating systems in use. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Dashboard · CT-Ops")
public final class DashboardView extends VerticalLayout {

    private final FlexLayout counts = new FlexLayout();
    private final Grid<HostRow> hotspots = new Grid<>();
    private final FlexLayout systems = new FlexLayout();
    private final WebServices web = WebServices.current();
    private final Actor actor = UiSession.require();
    private Registration live;

    public DashboardView() {
        counts.setId("fleet-counts");
        counts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        counts.getStyle().set("gap", "var(--lumo-space-m)");
        systems.setId("os-breakdown");
        systems.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        systems.getStyle().set("gap", "var(--lumo-space-s)");
        hotspots.setId("hotspots");
        hotspots.addColumn(HostRow::name).setHeader("Host").setAutoWidth(true);
        hotspots.addComponentColumn(r -> HostsView.percent(r.cpuPercent())).setHeader("CPU");
        hotspots.addComponentColumn(r -> HostsView.percent(r.memoryPercent())).setHeader("Memory");
        hotspots.addComponentColumn(r -> HostsView.percent(r.diskPercent())).setHeader("Disk");
        hotspots.setAllRowsVisible(true);
        hotspots.addItemClickListener(e -> UI.getCurrent().navigate(HostDetailView.class, e.getItem().id().toString()));
        add(new H2("Dashboard"), counts,
                new H3("Hotspots (at or above " + (int) FleetRules.HOT_PERCENT + "% CPU, memory or disk)"), hotspots,
                new H3("Operating systems"), systems);
        refresh();
    }

    private void refresh() {
        FleetOverview overview = web.services().hosts().overview(actor);
        counts.removeAll();
        counts.add(card("Total", overview.total(), "total", null));
        counts.add(card("Online", overview.count(HostStatus.ONLINE), "online", HostStatus.ONLINE));
        counts.add(card("Offline", overview.count(HostStatus.OFFLINE) + overview.count(HostStatus.NEVER_SEEN), "offline",
                HostStatus.OFFLINE));
        counts.add(card("Pending approval", overview.count(HostStatus.PENDING), "pending", HostStatus.PENDING));
        counts.add(card("Stale", overview.count(HostStatus.STALE), "stale", HostStatus.STALE));
        hotspots.setItems(overview.hotspots());
        systems.removeAll();
        overview.byOs().forEach((os, count) -> {
            Button filter = new Button(os + ": " + count, e -> UI.getCurrent().navigate("hosts",
                    QueryParameters.simple(Map.of("os", os))));
            filter.addThemeVariants(ButtonVariant.LUMO_CONTRAST);
            filter.setId("os-" + os.replaceAll("[^A-Za-z0-9]", "-"));
            systems.add(filter);
        });
        if (overview.byOs().isEmpty()) {
            systems.add(new Span("No hosts yet: create an enrolment token under Settings and install an agent."));
        }
    }

    private static Div card(String label, long value, String id, HostStatus status) {
        Span number = new Span(Long.toString(value));
        number.setId("count-" + id);
        number.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600");
        Div card = new Div(number, new Div(new Span(label)));
        card.getStyle().set("padding", "var(--lumo-space-m)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", "var(--lumo-contrast-5pct)").set("min-width", "9em").set("cursor", "pointer");
        card.addClickListener(e -> UI.getCurrent().navigate("hosts",
                status == null ? QueryParameters.empty() : QueryParameters.simple(Map.of("status", status.id()))));
        return card;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        live = web.changes().register(event.getUI(), this::refresh);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (live != null) {
            live.remove();
        }
    }
}
