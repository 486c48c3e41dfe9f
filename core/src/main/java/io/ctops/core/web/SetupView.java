package io.ctops.core.web;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.ctops.core.users.PasswordPolicy;

/** First run on an empty database: the organisation and its first super_admin. */
@Route("setup")
@PageTitle("Set up · CT-Ops")
@PublicView
public final class SetupView extends VerticalLayout {

    public SetupView() {
        setAlignItems(Alignment.CENTER);
        TextField organisation = new TextField("Organisation");
        organisation.setId("setup-organisation");
        organisation.setMaxLength(200);
        TextField name = new TextField("Your name");
        name.setId("setup-name");
        EmailField email = new EmailField("E-mail");
        email.setId("setup-email");
        PasswordField password = new PasswordField("Password");
        password.setId("setup-password");
        password.setHelperText("At least " + PasswordPolicy.MIN_LENGTH + " characters; a passphrase is best.");
        PasswordField repeat = new PasswordField("Repeat password");
        repeat.setId("setup-repeat");
        Button create = new Button("Create organisation and administrator", e -> {
            if (!password.getValue().equals(repeat.getValue())) {
                repeat.setInvalid(true);
                repeat.setErrorMessage("the passwords differ");
                return;
            }
            boolean created = Notices.attempt(() -> WebServices.current().services().users()
                    .setUp(organisation.getValue(), email.getValue(), name.getValue(), password.getValue()));
            if (created) {
                Notices.done("Set-up done; sign in with your new account.");
                UI.getCurrent().navigate(LoginView.class);
            }
        });
        create.setId("setup-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        FormLayout form = new FormLayout(organisation, name, email, password, repeat);
        form.setMaxWidth("40em");
        add(new H1("Welcome to CT-Ops"),
                new Paragraph("Create your organisation and its first administrator (super_admin)."), form, create);
    }
}
