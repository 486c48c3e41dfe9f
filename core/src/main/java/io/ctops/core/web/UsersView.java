package io.ctops.core.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.users.NewUser;
import io.ctops.core.users.User;
import java.util.Arrays;

/** The organisation's users: create, change role, disable or enable. */
@Route(value = "settings/users", layout = MainLayout.class)
@PageTitle("Users · CT-Ops")
@RequiresRole(Role.ORG_ADMIN)
public final class UsersView extends VerticalLayout {

    private final WebServices web = WebServices.current();
    private final Actor actor = UiSession.require();
    private final Grid<User> users = new Grid<>();

    public UsersView() {
        Button create = new Button("Create user", e -> createDialog());
        create.setId("user-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        users.setId("users-grid");
        users.addColumn(User::email).setHeader("E-mail").setAutoWidth(true);
        users.addColumn(User::displayName).setHeader("Name").setAutoWidth(true);
        users.addComponentColumn(this::roleChoice).setHeader("Role").setAutoWidth(true);
        users.addColumn(u -> u.totpEnabled() ? "on" : "off").setHeader("Two-factor");
        users.addColumn(u -> u.lastSignInAt().map(HostsView.TIME::format).orElse("never")).setHeader("Last sign-in").setAutoWidth(true);
        users.addComponentColumn(u -> {
            Button toggle = new Button(u.disabled() ? "Enable" : "Disable", e -> {
                if (Notices.attempt(() -> web.services().users().setDisabled(actor, u.id(), !u.disabled()))) {
                    refresh();
                }
            });
            toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
            toggle.setEnabled(!u.id().equals(actor.userId()));
            return toggle;
        });
        add(new H2("Users"), create, users);
        refresh();
    }

    private ComboBox<Role> roleChoice(User user) {
        ComboBox<Role> role = new ComboBox<>();
        role.setItems(Arrays.stream(Role.values()).filter(actor::may).toList());
        role.setItemLabelGenerator(Role::id);
        role.setValue(user.role());
        role.setReadOnly(user.id().equals(actor.userId()) || !actor.may(user.role()));
        role.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null && !Notices.attempt(() -> web.services().users().changeRole(actor, user.id(), e.getValue()))) {
                refresh();
            }
        });
        return role;
    }

    private void createDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New user");
        EmailField email = new EmailField("E-mail");
        email.setId("new-user-email");
        TextField name = new TextField("Name");
        ComboBox<Role> role = new ComboBox<>("Role");
        role.setId("new-user-role");
        role.setItems(Arrays.stream(Role.values()).filter(actor::may).toList());
        role.setItemLabelGenerator(Role::id);
        role.setValue(Role.READ_ONLY);
        PasswordField password = new PasswordField("Initial password");
        password.setId("new-user-password");
        Button create = new Button("Create", e -> {
            if (Notices.attempt(() -> web.services().users().create(actor,
                    new NewUser(email.getValue(), name.getValue(), role.getValue(), password.getValue())))) {
                Notices.done("User " + email.getValue() + " created; give them the initial password to change");
                dialog.close();
                refresh();
            }
        });
        create.setId("new-user-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(email, name, role, password));
        dialog.getFooter().add(new HorizontalLayout(new Button("Cancel", e -> dialog.close()), create));
        dialog.open();
    }

    private void refresh() {
        users.setItems(web.services().users().list(actor));
    }
}
