package io.ctops.core.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import io.ctops.core.access.Actor;
import io.ctops.core.fleet.BulkSelector;
import io.ctops.core.fleet.HostGroup;
import io.ctops.core.fleet.HostStatus;
import io.ctops.core.fleet.HostTags;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The dialogs the hosts list opens for bulk actions: add the selection to a group, tag by filter. */
final class GroupDialogs {

    private GroupDialogs() {
    }

    static void addToGroup(WebServices web, Actor actor, List<UUID> hostIds, Runnable done) {
        if (hostIds.isEmpty()) {
            Notices.refused("Select hosts in the list first.");
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Add " + hostIds.size() + " host(s) to a group");
        ComboBox<HostGroup> group = new ComboBox<>("Group");
        group.setId("add-to-group-choice");
        group.setItems(web.services().groups().list(actor));
        group.setItemLabelGenerator(HostGroup::name);
        Button add = new Button("Add", e -> {
            if (group.getValue() == null) {
                group.setInvalid(true);
                group.setErrorMessage("choose a group");
                return;
            }
            if (Notices.attempt(() -> web.services().groups().addHosts(actor, group.getValue().id(), hostIds))) {
                Notices.done(hostIds.size() + " host(s) added to " + group.getValue().name());
                dialog.close();
                done.run();
            }
        });
        add.setId("add-to-group-confirm");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(group);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), add);
        dialog.open();
    }

    static void bulkTag(WebServices web, Actor actor, Runnable done) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Tag hosts by filter");
        TextField glob = new TextField("Hostname glob");
        glob.setPlaceholder("web-*");
        TextField cidr = new TextField("IP range (CIDR)");
        cidr.setPlaceholder("10.0.0.0/8");
        TextField os = new TextField("OS");
        ComboBox<HostStatus> status = new ComboBox<>("Status");
        status.setItems(EnumSet.of(HostStatus.ONLINE, HostStatus.OFFLINE, HostStatus.NEVER_SEEN));
        status.setItemLabelGenerator(HostStatus::id);
        TextField has = new TextField("Has tag");
        has.setPlaceholder("key or key:value");
        TextField lacks = new TextField("Lacks tag");
        TextField tag = new TextField("Tag to set (key:value) or key to remove");
        tag.setId("bulk-tag-value");
        glob.setId("bulk-tag-glob");
        Button set = new Button("Set tag", e -> apply(web, actor, dialog, done, new Object[] {glob, cidr, os, status, has, lacks}, tag, true));
        set.setId("bulk-tag-set");
        set.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button remove = new Button("Remove key", e -> apply(web, actor, dialog, done, new Object[] {glob, cidr, os, status, has, lacks}, tag, false));
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
        dialog.add(new Paragraph("Every criterion given must hold."), new FormLayout(glob, cidr, os, status, has, lacks, tag));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), remove, set);
        dialog.open();
    }

    @SuppressWarnings("unchecked")
    private static void apply(WebServices web, Actor actor, Dialog dialog, Runnable done, Object[] fields, TextField tag, boolean set) {
        Notices.attempt(() -> {
            BulkSelector selector = new BulkSelector(text(fields[0]), text(fields[1]), text(fields[2]),
                    Optional.ofNullable(((ComboBox<HostStatus>) fields[3]).getValue()), text(fields[4]), text(fields[5]));
            int changed;
            if (set) {
                var pair = HostTags.parsePair(tag.getValue());
                changed = web.services().tags().bulk(actor, selector, pair.getKey(), pair.getValue());
            } else {
                changed = web.services().tags().bulk(actor, selector, tag.getValue(), null);
            }
            Notices.done(changed + " host(s) changed");
            dialog.close();
            done.run();
        });
    }

    private static Optional<String> text(Object field) {
        return Optional.ofNullable(((TextField) field).getValue());
    }
}
