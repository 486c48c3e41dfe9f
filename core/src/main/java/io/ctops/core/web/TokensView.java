package io.ctops.core.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.fleet.HostTags;
import io.ctops.core.identity.CreatedEnrolmentToken;
import io.ctops.core.identity.EnrolmentToken;
import io.ctops.core.identity.NewEnrolmentToken;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Enrolment tokens: create (the secret and an install command shown once), list and revoke. */
@Route(value = "settings/tokens", layout = MainLayout.class)
@PageTitle("Enrolment tokens · CT-Ops")
@RequiresRole(Role.ENGINEER)
public final class TokensView extends VerticalLayout {

    private final WebServices web = WebServices.current();
    private final Actor actor = UiSession.require();
    private final Grid<EnrolmentToken> tokens = new Grid<>();

    public TokensView() {
        Button create = new Button("Create token", e -> createDialog());
        create.setId("token-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        tokens.setId("tokens-grid");
        tokens.addColumn(EnrolmentToken::name).setHeader("Name").setAutoWidth(true);
        tokens.addColumn(t -> t.secretPrefix() + "…").setHeader("Token").setAutoWidth(true);
        tokens.addColumn(t -> t.autoApprove() ? "yes" : "no").setHeader("Auto-approve");
        tokens.addColumn(t -> t.uses() + (t.maxUses().isPresent() ? " / " + t.maxUses().getAsInt() : "")).setHeader("Uses");
        tokens.addColumn(t -> t.expiresAt().map(HostsView.TIME::format).orElse("never")).setHeader("Expires").setAutoWidth(true);
        tokens.addColumn(t -> t.revokedAt().isPresent() ? "revoked" : t.usableAt(web.services().clock().instant()) ? "usable" : "used up or expired")
                .setHeader("State");
        tokens.addComponentColumn(t -> {
            Button revoke = new Button("Revoke", e -> {
                if (Notices.attempt(() -> web.services().tokens().revoke(actor.orgId(), t.id(), actor.name()))) {
                    Notices.done("Token " + t.name() + " revoked");
                    refresh();
                }
            });
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            revoke.setEnabled(t.revokedAt().isEmpty());
            return revoke;
        });
        add(new H2("Enrolment tokens"), create, tokens);
        refresh();
    }

    private void createDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New enrolment token");
        TextField name = new TextField("Name");
        name.setId("token-name");
        name.setMaxLength(200);
        Checkbox autoApprove = new Checkbox("Approve agents automatically");
        autoApprove.setId("token-auto-approve");
        IntegerField days = new IntegerField("Expires after (days, empty: never)");
        days.setMin(1);
        days.setMax(3650);
        IntegerField maxUses = new IntegerField("Maximum agents (empty: no limit)");
        maxUses.setMin(1);
        TextField tags = new TextField("Tags for enrolled hosts (key:value, comma-separated)");
        Button create = new Button("Create", e -> Notices.attempt(() -> {
            Map<String, String> tagMap = new LinkedHashMap<>();
            for (String part : tags.getValue().split(",")) {
                if (!part.isBlank()) {
                    var pair = HostTags.parsePair(part);
                    tagMap.put(pair.getKey(), pair.getValue());
                }
            }
            if (days.isInvalid() || maxUses.isInvalid()) {
                throw Refusal.invalid("expiry must be 1-3650 days and maximum agents at least 1");
            }
            CreatedEnrolmentToken created = web.services().tokens().create(actor.orgId(), new NewEnrolmentToken(name.getValue(),
                    autoApprove.getValue(),
                    Optional.ofNullable(days.getValue()).map(d -> web.services().clock().instant().plus(Duration.ofDays(d))),
                    maxUses.getValue() == null ? OptionalInt.empty() : OptionalInt.of(maxUses.getValue()), tagMap), actor.name());
            dialog.close();
            refresh();
            OnceShown.show("Token created", "Install an agent with this command on each host (as root).",
                    "Install command", installCommand(created.secret()), "token-secret");
        }));
        create.setId("token-create-confirm");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(name, autoApprove, days, maxUses, tags));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
        dialog.open();
    }

    private String installCommand(String secret) {
        VaadinRequest request = VaadinRequest.getCurrent();
        String host = request == null ? "ctops.example.com" : request.getHeader("Host");
        host = host == null ? "ctops.example.com" : host.replaceFirst(":\\d+$", "");
        String address = host + ":" + web.ingestPort().orElse(9443);
        return "sudo ./bin/ctops-agent install --token " + secret + " --address " + address;
    }

    private void refresh() {
        tokens.setItems(web.services().tokens().list(actor.orgId()));
    }
}
