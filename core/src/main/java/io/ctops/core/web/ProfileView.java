package io.ctops.core.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.ctops.core.access.Actor;
import io.ctops.core.users.TotpEnrolment;
import io.ctops.core.users.User;
import java.util.List;

/** The signed-in user's own settings: password and two-factor sign-in. */
@Route(value = "profile", layout = MainLayout.class)
@PageTitle("Profile · CT-Ops")
public final class ProfileView extends VerticalLayout {

    private final WebServices web = WebServices.current();
    private final Actor actor = UiSession.require();
    private final VerticalLayout totp = new VerticalLayout();

    public ProfileView() {
        User me = web.services().users().get(actor, actor.userId());
        add(new H2("Profile"), new Paragraph(me.displayName() + " · " + me.email() + " · " + me.role().id()));
        add(new H3("Change password"), passwordForm());
        totp.setPadding(false);
        totp.setId("totp-section");
        add(new H3("Two-factor sign-in"), totp);
        showTotp(me.totpEnabled());
    }

    private VerticalLayout passwordForm() {
        PasswordField current = new PasswordField("Current password");
        current.setId("profile-current-password");
        PasswordField replacement = new PasswordField("New password");
        replacement.setId("profile-new-password");
        PasswordField repeat = new PasswordField("Repeat new password");
        repeat.setId("profile-repeat-password");
        Button change = new Button("Change password", e -> {
            if (!replacement.getValue().equals(repeat.getValue())) {
                Notices.refused("the new passwords differ");
                return;
            }
            if (Notices.attempt(() -> web.services().users().changePassword(actor, current.getValue(), replacement.getValue()))) {
                Notices.done("Password changed");
                current.clear();
                replacement.clear();
                repeat.clear();
            }
        });
        change.setId("profile-change-password");
        VerticalLayout layout = new VerticalLayout(new FormLayout(current, replacement, repeat), change);
        layout.setPadding(false);
        return layout;
    }

    private void showTotp(boolean enabled) {
        totp.removeAll();
        if (enabled) {
            PasswordField password = new PasswordField("Password");
            Button off = new Button("Turn two-factor sign-in off", e -> {
                if (Notices.attempt(() -> web.services().users().disableTotp(actor, password.getValue()))) {
                    Notices.done("Two-factor sign-in is off");
                    showTotp(false);
                }
            });
            off.addThemeVariants(ButtonVariant.LUMO_ERROR);
            totp.add(new Paragraph("Two-factor sign-in is on."), password, off);
            return;
        }
        Button start = new Button("Set up two-factor sign-in", e -> {
            TotpEnrolment[] enrolment = new TotpEnrolment[1];
            if (Notices.attempt(() -> enrolment[0] = web.services().users().startTotp(actor))) {
                enrol(enrolment[0]);
            }
        });
        start.setId("totp-start");
        totp.add(new Paragraph("Two-factor sign-in is off."), start);
    }

    private void enrol(TotpEnrolment enrolment) {
        totp.removeAll();
        Image qr = new Image(QrCodes.svgDataUrl(enrolment.uri()), "QR code for your authenticator app");
        qr.setId("totp-qr");
        qr.setWidth("200px");
        TextField secret = new TextField("Or type this key", enrolment.secret(), "");
        secret.setId("totp-secret");
        secret.setReadOnly(true);
        secret.setWidth("30em");
        TextField code = new TextField("Code from the app");
        code.setId("totp-code");
        code.setMaxLength(6);
        Button confirm = new Button("Confirm", e -> {
            List<?>[] codes = new List<?>[1];
            if (Notices.attempt(() -> codes[0] = web.services().users().confirmTotp(actor, code.getValue()))) {
                showTotp(true);
                OnceShown.show("Recovery codes", "Each code signs you in once if you lose your device.", "Recovery codes",
                        String.join("\n", codes[0].stream().map(Object::toString).toList()), "recovery-codes");
            }
        });
        confirm.setId("totp-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        totp.add(new Paragraph("Scan the code with your authenticator app, then enter the code it shows."), qr, secret, code, confirm);
    }
}
