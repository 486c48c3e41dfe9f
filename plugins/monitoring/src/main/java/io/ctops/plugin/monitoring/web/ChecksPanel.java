package io.ctops.plugin.monitoring.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.ctops.plugin.monitoring.checks.Check;
import io.ctops.plugin.monitoring.checks.CheckResult;
import io.ctops.plugin.monitoring.checks.CheckValidator;
import io.ctops.plugin.monitoring.checks.MonitoringChecks;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.access.Caller;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * One host's checks with their latest state, a form to add or edit one (engineers and above), and
 * the result history of the selected check.
 */
final class ChecksPanel extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final MonitoringChecks checks;
    private final UUID orgId;
    private final UUID hostId;
    private final boolean mayEdit;
    private final Grid<Check> grid = new Grid<>();
    private final Grid<CheckResult> history = new Grid<>();
    private final VerticalLayout formSlot = new VerticalLayout();
    private final Button edit = new Button("Edit");
    private final Button delete = new Button("Delete");

    ChecksPanel(PluginContext context, UUID orgId, UUID hostId, String viewerRole) {
        this.checks = new MonitoringChecks(context.dsl());
        this.orgId = orgId;
        this.hostId = hostId;
        this.mayEdit = Caller.ROLES.indexOf(viewerRole) >= 0 && Caller.ROLES.indexOf(viewerRole) <= Caller.ROLES.indexOf("engineer");
        setPadding(false);
        setId("checks-panel");
        grid.setId("checks-grid");
        grid.addColumn(Check::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(Check::type).setHeader("Type").setAutoWidth(true);
        grid.addColumn(c -> target(c)).setHeader("Target").setFlexGrow(1);
        grid.addColumn(c -> c.intervalSecs() + " s").setHeader("Interval").setAutoWidth(true);
        grid.addColumn(c -> c.enabled() ? "yes" : "no").setHeader("Enabled").setAutoWidth(true);
        grid.addColumn(c -> c.lastState() == null ? "no result yet" : c.lastState()).setHeader("State").setAutoWidth(true);
        grid.addColumn(c -> c.lastOutput() == null ? "" : c.lastOutput()).setHeader("Output").setFlexGrow(2);
        grid.addColumn(c -> time(c.lastCheckedAt())).setHeader("Checked").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.addSelectionListener(e -> selected(e.getFirstSelectedItem().orElse(null)));
        history.setId("check-history");
        history.addColumn(r -> time(r.checkedAt())).setHeader("Checked").setAutoWidth(true);
        history.addColumn(CheckResult::state).setHeader("State").setAutoWidth(true);
        history.addColumn(CheckResult::output).setHeader("Output").setFlexGrow(1);
        history.addColumn(r -> r.durationMs() + " ms").setHeader("Took").setAutoWidth(true);
        history.setHeight("240px");
        history.setVisible(false);

        Button add = new Button("Add check", e -> showForm(null));
        add.setId("checks-add");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        edit.setId("checks-edit");
        edit.addClickListener(e -> grid.getSelectedItems().stream().findFirst().ifPresent(this::showForm));
        delete.setId("checks-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(e -> grid.getSelectedItems().stream().findFirst().ifPresent(c -> {
            checks.delete(orgId, c.id());
            refresh();
        }));
        Button refresh = new Button("Refresh", e -> refresh());
        refresh.setId("checks-refresh");
        HorizontalLayout actions = mayEdit ? new HorizontalLayout(add, edit, delete, refresh) : new HorizontalLayout(refresh);
        formSlot.setPadding(false);
        add(actions, formSlot, grid, new H4("History of the selected check"), history);
        refresh();
    }

    private void showForm(Check existing) {
        formSlot.removeAll();
        formSlot.add(new CheckForm(existing, spec -> {
            if (existing == null) {
                checks.create(orgId, hostId, CheckValidator.validate(spec));
            } else {
                checks.update(orgId, existing.id(), CheckValidator.validate(spec));
            }
            formSlot.removeAll();
            refresh();
        }, formSlot::removeAll));
    }

    private void selected(Check check) {
        edit.setEnabled(check != null);
        delete.setEnabled(check != null);
        history.setVisible(check != null);
        if (check != null) {
            List<CheckResult> results = checks.results(orgId, check.id(), 200);
            history.setItems(results);
        }
    }

    private void refresh() {
        grid.setItems(checks.list(orgId, hostId));
        selected(null);
    }

    private static String target(Check c) {
        return switch (c.type()) {
            case "port" -> c.settings().getOrDefault("host", "") + ":" + c.settings().getOrDefault("port", "");
            case "process" -> c.settings().containsKey("name") ? "named " + c.settings().get("name")
                    : "matching /" + c.settings().getOrDefault("pattern", "") + "/";
            default -> c.settings().getOrDefault("url", "");
        };
    }

    private static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }
}
