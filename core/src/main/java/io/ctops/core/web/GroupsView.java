package io.ctops.core.web;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.fleet.HostGroup;
import io.ctops.core.fleet.HostQuery;
import io.ctops.core.fleet.HostRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Host groups: create, rename, delete, and the members of the chosen group. */
@Route(value = "groups", layout = MainLayout.class)
@PageTitle("Groups · CT-Ops")
public final class GroupsView extends VerticalLayout {

    private final WebServices web = WebServices.current();
    private final Actor actor = UiSession.require();
    private final Grid<HostGroup> groups = new Grid<>();
    private final Grid<HostRow> members = new Grid<>();
    private final H3 membersTitle = new H3("Members");
    private HostGroup chosen;

    public GroupsView() {
        add(new H2("Host groups"));
        if (actor.may(Role.ENGINEER)) {
            TextField name = new TextField();
            name.setId("group-name");
            name.setPlaceholder("New group name");
            name.setMaxLength(100);
            Button create = new Button("Create group", e -> {
                if (Notices.attempt(() -> web.services().groups().create(actor, name.getValue()))) {
                    Notices.done("Group '" + name.getValue().strip() + "' created");
                    name.clear();
                    refresh();
                }
            });
            create.setId("group-create");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            HorizontalLayout bar = new HorizontalLayout(name, create);
            bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
            add(bar);
        }
        groups.setId("groups-grid");
        groups.addColumn(HostGroup::name).setHeader("Group").setAutoWidth(true);
        groups.addColumn(HostGroup::hostCount).setHeader("Hosts");
        if (actor.may(Role.ENGINEER)) {
            groups.addComponentColumn(g -> {
                Button rename = new Button("Rename", e -> rename(g));
                rename.addThemeVariants(ButtonVariant.LUMO_SMALL);
                Button delete = new Button("Delete", e -> {
                    ConfirmDialog confirm = new ConfirmDialog("Delete group " + g.name() + "?",
                            "The hosts stay; they only leave the group.", "Delete", ok -> {
                                if (Notices.attempt(() -> web.services().groups().delete(actor, g.id()))) {
                                    refresh();
                                }
                            });
                    confirm.setCancelable(true);
                    confirm.open();
                });
                delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
                return new HorizontalLayout(rename, delete);
            });
        }
        groups.setAllRowsVisible(true);
        groups.addSelectionListener(e -> {
            chosen = e.getFirstSelectedItem().orElse(null);
            showMembers();
        });
        members.setId("group-members");
        members.addColumn(HostRow::name).setHeader("Host");
        members.addColumn(r -> r.status().id()).setHeader("Status");
        if (actor.may(Role.ENGINEER)) {
            members.addComponentColumn(r -> {
                Button remove = new Button("Remove", e -> {
                    if (Notices.attempt(() -> web.services().groups().removeHosts(actor, chosen.id(), List.of(r.id())))) {
                        refresh();
                    }
                });
                remove.addThemeVariants(ButtonVariant.LUMO_SMALL);
                return remove;
            });
        }
        members.addItemDoubleClickListener(e -> UI.getCurrent().navigate(HostDetailView.class, e.getItem().id().toString()));
        add(groups, membersTitle, members);
        refresh();
    }

    private void rename(HostGroup group) {
        TextField field = new TextField("New name", group.name(), "");
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Rename " + group.name());
        dialog.add(field);
        dialog.setCancelable(true);
        dialog.setConfirmText("Rename");
        dialog.addConfirmListener(e -> {
            if (Notices.attempt(() -> web.services().groups().rename(actor, group.id(), field.getValue()))) {
                refresh();
            }
        });
        dialog.open();
    }

    private void refresh() {
        groups.setItems(web.services().groups().list(actor));
        showMembers();
    }

    private void showMembers() {
        membersTitle.setText(chosen == null ? "Members (choose a group)" : "Members of " + chosen.name());
        if (chosen == null) {
            members.setItems(List.of());
            return;
        }
        HostQuery query = new HostQuery("", Set.of(), Optional.empty(), Optional.of(chosen.id()), Map.of(), null, false, 0, 200);
        members.setItems(web.services().hosts().list(actor, query).hosts());
    }
}
