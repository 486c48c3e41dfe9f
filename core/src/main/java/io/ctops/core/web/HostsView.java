package io.ctops.core.web;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.fleet.FleetRules;
import io.ctops.core.fleet.HostGroup;
import io.ctops.core.fleet.HostPage;
import io.ctops.core.fleet.HostQuery;
import io.ctops.core.fleet.HostRow;
import io.ctops.core.fleet.HostSort;
import io.ctops.core.fleet.HostStatus;
import io.ctops.core.fleet.HostTags;
import io.ctops.core.fleet.PendingAgent;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The hosts inventory: server-side pages of 25-200, debounced search, filters, sort with nulls last,
 * hot values highlighted, the agents waiting for approval, and bulk actions on the selection.
 */
@Route(value = "hosts", layout = MainLayout.class)
@PageTitle("Hosts · CT-Ops")
public final class HostsView extends VerticalLayout implements BeforeEnterObserver {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final WebServices web = WebServices.current();
    private final Actor actor = UiSession.require();
    private final TextField search = new TextField();
    private final MultiSelectComboBox<HostStatus> status = new MultiSelectComboBox<>("Status");
    private final ComboBox<String> os = new ComboBox<>("OS");
    private final ComboBox<HostGroup> group = new ComboBox<>("Group");
    private final ComboBox<String> tag = new ComboBox<>("Tag");
    private final Select<Integer> pageSize = new Select<>();
    private final Grid<HostRow> grid = new Grid<>();
    private final Span pageInfo = new Span();
    private final Button previous = new Button("Previous");
    private final Button next = new Button("Next");
    private final Details pendingPanel = new Details();
    private final Grid<PendingAgent> pending = new Grid<>();
    private List<HostRow> rows = List.of();
    private List<PendingAgent> shownPending;
    private HostSort sort = HostSort.HOSTNAME;
    private boolean descending;
    private int page;
    private HostPage current;
    private Registration live;

    public HostsView() {
        setSizeFull();
        add(new H2("Hosts"));
        buildPending();
        add(filters());
        buildGrid();
        add(grid, pager());
    }

    private HorizontalLayout filters() {
        search.setId("hosts-search");
        search.setPlaceholder("Search hostname, name or IP");
        search.setLabel("Search");
        search.setClearButtonVisible(true);
        search.setMaxLength(HostQuery.MAX_SEARCH);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setValueChangeTimeout(400);
        search.addValueChangeListener(e -> reload(0));
        status.setId("hosts-status");
        status.setItems(EnumSet.allOf(HostStatus.class));
        status.setItemLabelGenerator(HostStatus::id);
        status.addValueChangeListener(e -> reload(0));
        os.setId("hosts-os");
        os.setItems(web.services().hosts().overview(actor).byOs().keySet());
        os.setClearButtonVisible(true);
        os.addValueChangeListener(e -> reload(0));
        group.setId("hosts-group");
        group.setItems(web.services().groups().list(actor));
        group.setItemLabelGenerator(HostGroup::name);
        group.setClearButtonVisible(true);
        group.addValueChangeListener(e -> reload(0));
        tag.setId("hosts-tag");
        tag.setPlaceholder("key:value");
        tag.setClearButtonVisible(true);
        TagSuggestions.attach(tag, web.services().tags().catalogue(actor));
        tag.addValueChangeListener(e -> reload(0));
        Button clear = new Button("Clear filters", e -> {
            search.clear();
            status.clear();
            os.clear();
            group.clear();
            tag.clear();
            reload(0);
        });
        clear.setId("hosts-clear");
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout bar = new HorizontalLayout(search, status, os, group, tag, clear);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        bar.setWidthFull();
        bar.getStyle().set("flex-wrap", "wrap");
        if (actor.may(Role.ENGINEER)) {
            Button toGroup = new Button("Add selected to group", e -> GroupDialogs.addToGroup(web, actor,
                    grid.getSelectedItems().stream().map(HostRow::id).toList(), () -> reload(page)));
            toGroup.setId("hosts-add-to-group");
            Button bulkTag = new Button("Bulk tag", e -> GroupDialogs.bulkTag(web, actor, () -> reload(page)));
            bulkTag.setId("hosts-bulk-tag");
            bar.add(toGroup, bulkTag);
        }
        return bar;
    }

    private void buildGrid() {
        grid.setId("hosts-grid");
        grid.setSelectionMode(actor.may(Role.ENGINEER) ? Grid.SelectionMode.MULTI : Grid.SelectionMode.NONE);
        grid.addColumn(HostRow::name).setHeader("Host").setKey(HostSort.HOSTNAME.id()).setSortable(true).setAutoWidth(true);
        grid.addColumn(r -> r.os().map(o -> o + r.osVersion().map(v -> " " + v).orElse("")).orElse(""))
                .setHeader("OS").setKey(HostSort.OS.id()).setSortable(true).setAutoWidth(true);
        grid.addColumn(r -> String.join(", ", r.ipAddresses())).setHeader("IP addresses").setAutoWidth(true);
        grid.addComponentColumn(r -> percent(r.cpuPercent())).setHeader("CPU").setKey(HostSort.CPU.id()).setSortable(true);
        grid.addComponentColumn(r -> percent(r.memoryPercent())).setHeader("Memory").setKey(HostSort.MEMORY.id()).setSortable(true);
        grid.addComponentColumn(r -> percent(r.diskPercent())).setHeader("Disk").setKey(HostSort.DISK.id()).setSortable(true);
        grid.addColumn(r -> r.lastSeenAt().map(TIME::format).orElse("never")).setHeader("Last seen")
                .setKey(HostSort.LAST_SEEN.id()).setSortable(true).setAutoWidth(true);
        grid.addComponentColumn(r -> statusBadge(r.status())).setHeader("Status").setKey(HostSort.STATUS.id()).setSortable(true);
        grid.addColumn(r -> r.tags().entrySet().stream().map(t -> t.getKey() + ":" + t.getValue()).reduce((a, b) -> a + " " + b).orElse(""))
                .setHeader("Tags").setFlexGrow(1);
        // the server sorts and pages; the grid only shows the current page as it came
        grid.setItems(DataProvider.fromCallbacks(q -> rows.stream().skip(q.getOffset()).limit(q.getLimit()), q -> rows.size()));
        grid.addSortListener(e -> {
            List<GridSortOrder<HostRow>> order = e.getSortOrder();
            if (order.isEmpty()) {
                sort = HostSort.HOSTNAME;
                descending = false;
            } else {
                sort = HostSort.parse(order.get(0).getSorted().getKey());
                descending = order.get(0).getDirection() == SortDirection.DESCENDING;
            }
            reload(0);
        });
        grid.addItemDoubleClickListener(e -> UI.getCurrent().navigate(HostDetailView.class, e.getItem().id().toString()));
        grid.addComponentColumn(r -> {
            Button open = new Button("Open", e -> UI.getCurrent().navigate(HostDetailView.class, r.id().toString()));
            open.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
            return open;
        }).setHeader("").setAutoWidth(true);
        grid.setSizeFull();
    }

    private HorizontalLayout pager() {
        pageSize.setId("hosts-page-size");
        pageSize.setLabel("Per page");
        pageSize.setItems(25, 50, 100, 200);
        pageSize.setValue(25);
        pageSize.addValueChangeListener(e -> reload(0));
        previous.setId("hosts-previous");
        next.setId("hosts-next");
        pageInfo.setId("hosts-page-info");
        previous.addClickListener(e -> reload(page - 1));
        next.addClickListener(e -> reload(page + 1));
        HorizontalLayout pager = new HorizontalLayout(pageSize, previous, pageInfo, next);
        pager.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return pager;
    }

    private void buildPending() {
        pending.setId("pending-grid");
        pending.addColumn(PendingAgent::hostname).setHeader("Hostname").setAutoWidth(true);
        pending.addColumn(p -> p.os().orElse("")).setHeader("OS");
        pending.addColumn(p -> String.join(", ", p.ipAddresses())).setHeader("IP addresses");
        pending.addColumn(p -> TIME.format(p.requestedAt())).setHeader("Requested");
        pending.addColumn(p -> p.tokenName().orElse("")).setHeader("Token");
        if (actor.may(Role.ENGINEER)) {
            pending.addComponentColumn(p -> {
                Button approve = new Button("Approve", e -> {
                    if (Notices.attempt(() -> web.services().hosts().approve(actor, p.agentId()))) {
                        Notices.done(p.hostname() + " approved");
                        reload(page);
                    }
                });
                approve.setId("approve-" + p.hostname());
                approve.addThemeVariants(ButtonVariant.LUMO_SUCCESS, ButtonVariant.LUMO_SMALL);
                Button reject = new Button("Reject", e -> {
                    if (Notices.attempt(() -> web.services().hosts().reject(actor, p.agentId(), "rejected in the UI"))) {
                        Notices.done(p.hostname() + " rejected");
                        reload(page);
                    }
                });
                reject.setId("reject-" + p.hostname());
                reject.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
                return new HorizontalLayout(approve, reject);
            }).setAutoWidth(true);
        }
        pending.setAllRowsVisible(true);
        pendingPanel.setContent(pending);
        pendingPanel.setId("pending-panel");
        pendingPanel.setOpened(true);
        add(pendingPanel);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
        params.getOrDefault("os", List.of()).stream().findFirst().ifPresent(os::setValue);
        Set<HostStatus> statuses = EnumSet.noneOf(HostStatus.class);
        params.getOrDefault("status", List.of()).forEach(s -> {
            try {
                statuses.add(HostStatus.parse(s));
            } catch (Refusal ignored) {
                // an unknown status in a bookmarked link is ignored, not an error page
            }
        });
        if (!statuses.isEmpty()) {
            status.setValue(statuses);
        }
        reload(0);
    }

    void reload(int wanted) {
        Map<String, String> tags = Map.of();
        if (tag.getValue() != null && !tag.getValue().isBlank()) {
            try {
                var pair = HostTags.parsePair(tag.getValue());
                tags = Map.of(pair.getKey(), pair.getValue());
                tag.setInvalid(false);
            } catch (Refusal e) {
                tag.setInvalid(true);
                tag.setErrorMessage(e.getMessage());
                return;
            }
        }
        HostQuery query = new HostQuery(search.getValue(), status.getValue(), Optional.ofNullable(os.getValue()),
                Optional.ofNullable(group.getValue()).map(HostGroup::id), tags, sort, descending, Math.max(0, wanted),
                pageSize.getValue() == null ? 25 : pageSize.getValue());
        current = web.services().hosts().list(actor, query);
        if (current.hosts().isEmpty() && wanted > 0 && wanted >= current.pages()) {
            reload(current.pages() - 1);
            return;
        }
        page = current.page();
        rows = current.hosts();
        grid.getDataProvider().refreshAll();
        pageInfo.setText("Page " + (page + 1) + " of " + current.pages() + " · " + current.total() + " host(s)");
        previous.setEnabled(page > 0);
        next.setEnabled(page + 1 < current.pages());
        List<PendingAgent> waiting = web.services().hosts().pending(actor);
        // redrawn only when it changed: a pushed refresh must not replace the button under the user's pointer
        if (!waiting.equals(shownPending)) {
            shownPending = waiting;
            pending.setItems(waiting);
            pendingPanel.setSummaryText("Pending approval (" + waiting.size() + ")");
            pendingPanel.setVisible(!waiting.isEmpty());
        }
    }

    /** A percentage, highlighted at or above the hot threshold; empty when not reported. */
    static Span percent(OptionalDouble value) {
        if (value.isEmpty()) {
            return new Span("");
        }
        Span span = new Span(String.format(Locale.ROOT, "%.0f%%", value.getAsDouble()));
        if (value.getAsDouble() >= FleetRules.HOT_PERCENT) {
            span.addClassName("hot");
            span.getStyle().set("color", "var(--lumo-error-text-color)").set("font-weight", "600");
        }
        return span;
    }

    static Span statusBadge(HostStatus status) {
        Span badge = new Span(status.id());
        String colour = switch (status) {
            case ONLINE -> "var(--lumo-success-text-color)";
            case OFFLINE, REVOKED -> "var(--lumo-error-text-color)";
            case PENDING -> "var(--lumo-primary-text-color)";
            default -> "var(--lumo-secondary-text-color)";
        };
        badge.getStyle().set("color", colour).set("font-weight", "500");
        return badge;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        live = web.changes().register(event.getUI(), () -> reload(page));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (live != null) {
            live.remove();
        }
    }
}
