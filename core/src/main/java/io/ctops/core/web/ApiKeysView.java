package io.ctops.core.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.ctops.core.access.Actor;
import io.ctops.core.users.ApiKey;
import io.ctops.core.users.CreatedApiKey;
import java.time.Duration;
import java.util.Optional;

/** The user's API keys (every key of the organisation for an admin): create, shown once, revoke. */
@Route(value = "settings/api-keys", layout = MainLayout.class)
@PageTitle("API keys · CT-Ops")
public final class ApiKeysView extends VerticalLayout {

    private final WebServices web = WebServices.current();
    private final Actor actor = UiSession.require();
    private final Grid<ApiKey> keys = new Grid<>();

    public ApiKeysView() {
        TextField name = new TextField("Name");
        name.setId("api-key-name");
        name.setMaxLength(200);
        IntegerField days = new IntegerField("Expires after (days, empty: never)");
        days.setMin(1);
        days.setMax(3650);
        Button create = new Button("Create key", e -> {
            CreatedApiKey[] created = new CreatedApiKey[1];
            if (Notices.attempt(() -> created[0] = web.services().apiKeys().create(actor, name.getValue(),
                    Optional.ofNullable(days.getValue()).map(d -> web.services().clock().instant().plus(Duration.ofDays(d)))))) {
                name.clear();
                refresh();
                OnceShown.show("API key created", "Send it as Authorization: Bearer <key>.", "API key", created[0].secret(), "api-key-secret");
            }
        });
        create.setId("api-key-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout bar = new HorizontalLayout(name, days, create);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        keys.setId("api-keys-grid");
        keys.addColumn(ApiKey::name).setHeader("Name").setAutoWidth(true);
        keys.addColumn(k -> k.prefix() + "…").setHeader("Key").setAutoWidth(true);
        keys.addColumn(k -> k.expiresAt().map(HostsView.TIME::format).orElse("never")).setHeader("Expires").setAutoWidth(true);
        keys.addColumn(k -> k.lastUsedAt().map(HostsView.TIME::format).orElse("never")).setHeader("Last used").setAutoWidth(true);
        keys.addColumn(k -> k.revokedAt().isPresent() ? "revoked" : "active").setHeader("State");
        keys.addComponentColumn(k -> {
            Button revoke = new Button("Revoke", e -> {
                if (Notices.attempt(() -> web.services().apiKeys().revoke(actor, k.id()))) {
                    refresh();
                }
            });
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            revoke.setEnabled(k.revokedAt().isEmpty());
            return revoke;
        });
        add(new H2("API keys"), new Paragraph("Keys act as their user with the user's current role."), bar, keys);
        refresh();
    }

    private void refresh() {
        keys.setItems(web.services().apiKeys().list(actor));
    }
}
