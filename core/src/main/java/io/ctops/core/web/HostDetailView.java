package io.ctops.core.web;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.fleet.HostDetail;
import io.ctops.core.fleet.HostGroup;
import io.ctops.core.fleet.HostTags;
import io.ctops.sdk.web.HostTab;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/** One host: its overview (metadata, agent identity, vitals, status history) and the tabs plugins add. */
@Route(value = "host", layout = MainLayout.class)
@PageTitle("Host · CT-Ops")
public final class HostDetailView extends VerticalLayout implements HasUrlParameter<String> {

    private final WebServices web = WebServices.current();
    private final Actor actor = UiSession.require();
    private UUID hostId;

    @Override
    public void setParameter(BeforeEvent event, String parameter) {
        removeAll();
        try {
            hostId = UUID.fromString(parameter);
            show();
        } catch (IllegalArgumentException | Refusal e) {
            // a malformed id and a host of another organisation look the same: not found
            add(new H2("Host not found"), new Span("There is no host " + parameter + " in your organisation."));
        }
    }

    private void show() {
        HostDetail detail = web.services().hosts().detail(actor, hostId, web.services().groups().groupsOf(actor, hostId));
        H2 title = new H2(detail.host().name());
        title.setId("host-title");
        HorizontalLayout head = new HorizontalLayout(title, HostsView.statusBadge(detail.host().status()));
        head.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(head);
        TabSheet tabs = new TabSheet();
        tabs.setId("host-tabs");
        tabs.setWidthFull();
        tabs.add("Overview", overview(detail));
        web.plugins().running().stream()
                .flatMap(plugin -> plugin.extensions(HostTab.class).stream())
                .sorted(Comparator.comparingInt(HostTab::order).thenComparing(HostTab::title))
                .forEach(tab -> tabs.add(tab.title(), pluginTab(tab, detail)));
        add(tabs);
    }

    private Component pluginTab(HostTab tab, HostDetail detail) {
        try {
            return tab.create(new HostTab.HostTabContext(hostId, actor.orgId(), detail.host().hostname(), actor.role().id()));
        } catch (RuntimeException e) {
            // one broken plugin tab must not take the host page down
            org.slf4j.LoggerFactory.getLogger(HostDetailView.class).warn("Host tab '{}' failed: {}", tab.title(), e.toString());
            return new Span("This tab failed to load: " + e.getClass().getSimpleName());
        }
    }

    private Component overview(HostDetail d) {
        VerticalLayout layout = new VerticalLayout();
        layout.setPadding(false);
        FormLayout facts = new FormLayout();
        facts.setId("host-facts");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Hostname", d.host().hostname());
        values.put("OS", d.host().os().orElse("") + d.host().osVersion().map(v -> " " + v).orElse(""));
        values.put("Architecture", d.arch().orElse(""));
        values.put("Kernel", d.kernel().orElse(""));
        values.put("IP addresses", String.join(", ", d.host().ipAddresses()));
        values.put("Agent version", d.host().agentVersion().orElse(""));
        values.put("Agent id", d.host().agentId().map(UUID::toString).orElse(""));
        values.put("Agent status", d.agentStatus().orElse(""));
        values.put("Certificate expires", d.certificateExpiry().map(HostsView.TIME::format).orElse("no certificate"));
        values.put("Heartbeat interval", d.heartbeatIntervalSecs() + " s");
        values.put("Last seen", d.host().lastSeenAt().map(HostsView.TIME::format).orElse("never"));
        values.put("Registered", HostsView.TIME.format(d.createdAt()));
        values.put("CPU", pct(d.host().cpuPercent()));
        values.put("Memory", pct(d.host().memoryPercent()));
        values.put("Swap", pct(d.swapPercent()));
        values.put("Root disk", pct(d.host().diskPercent()));
        values.put("Load", num(d.load1()) + " " + num(d.load5()) + " " + num(d.load15()));
        values.put("Uptime", d.uptimeSecs().isPresent() ? Duration.ofSeconds(d.uptimeSecs().getAsLong()).toString()
                .substring(2).toLowerCase(Locale.ROOT) : "");
        values.forEach((label, value) -> {
            TextField field = new TextField(label, value, "");
            field.setReadOnly(true);
            facts.add(field);
        });
        layout.add(facts);
        if (actor.may(Role.ENGINEER)) {
            layout.add(editors(d));
        }
        layout.add(new H3("Status history"));
        Grid<HostDetail.StatusChange> history = new Grid<>();
        history.setId("host-history");
        history.addColumn(c -> HostsView.TIME.format(c.at())).setHeader("When").setAutoWidth(true);
        history.addColumn(c -> c.from() + " → " + c.to()).setHeader("Change").setAutoWidth(true);
        history.addColumn(HostDetail.StatusChange::reason).setHeader("Reason").setFlexGrow(1);
        history.setItems(d.history());
        history.setAllRowsVisible(true);
        layout.add(history);
        return layout;
    }

    private Component editors(HostDetail d) {
        TextField name = new TextField("Display name", d.host().displayName().orElse(""), "");
        name.setId("host-display-name");
        name.setMaxLength(255);
        TextArea tags = new TextArea("Tags (one key:value per line)");
        tags.setId("host-tags");
        tags.setValue(String.join("\n", d.host().tags().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList()));
        com.vaadin.flow.component.combobox.ComboBox<String> addTag = new com.vaadin.flow.component.combobox.ComboBox<>("Add a tag");
        addTag.setId("host-add-tag");
        addTag.setPlaceholder("key:value");
        TagSuggestions.attach(addTag, web.services().tags().catalogue(actor));
        addTag.addValueChangeListener(e -> {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                tags.setValue(tags.getValue().isBlank() ? e.getValue() : tags.getValue() + "\n" + e.getValue());
                addTag.clear();
            }
        });
        MultiSelectComboBox<HostGroup> groups = new MultiSelectComboBox<>("Groups");
        groups.setId("host-groups");
        var all = web.services().groups().list(actor);
        groups.setItems(all);
        groups.setItemLabelGenerator(HostGroup::name);
        groups.setValue(all.stream().filter(g -> d.groups().stream().anyMatch(m -> m.id().equals(g.id()))).toList());
        Button save = new Button("Save", e -> Notices.attempt(() -> {
            Map<String, String> parsed = new LinkedHashMap<>();
            for (String line : tags.getValue().split("\n")) {
                if (!line.isBlank()) {
                    var pair = HostTags.parsePair(line);
                    if (parsed.put(pair.getKey(), pair.getValue()) != null) {
                        throw Refusal.invalid("tag key '" + pair.getKey() + "' is given twice; a key has one value");
                    }
                }
            }
            web.services().tags().set(actor, hostId, parsed);
            web.services().hosts().rename(actor, hostId, name.getValue());
            web.services().groups().setGroupsOf(actor, hostId, groups.getValue().stream().map(HostGroup::id).toList());
            Notices.done("Saved");
        }));
        save.setId("host-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button delete = new Button("Delete host", e -> {
            ConfirmDialog confirm = new ConfirmDialog("Delete " + d.host().name() + "?",
                    "The host leaves every list and its agent is revoked: it can no longer connect.", "Delete", ok -> {
                        if (Notices.attempt(() -> web.services().hosts().delete(actor, hostId))) {
                            Notices.done(d.host().name() + " deleted");
                            UI.getCurrent().navigate(HostsView.class);
                        }
                    });
            confirm.setConfirmButtonTheme("error primary");
            confirm.setCancelable(true);
            confirm.open();
        });
        delete.setId("host-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        FormLayout form = new FormLayout(name, groups, tags, addTag);
        VerticalLayout editors = new VerticalLayout(new H3("Edit"), form, new HorizontalLayout(save, delete));
        editors.setPadding(false);
        return editors;
    }

    private static String pct(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f %%", value.getAsDouble()) : "";
    }

    private static String num(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f", value.getAsDouble()) : "-";
    }
}
