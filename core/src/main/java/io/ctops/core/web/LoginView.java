package io.ctops.core.web;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.ctops.core.access.Refusal;
import io.ctops.core.users.SignInService;

/** Sign-in: e-mail and password, then the authenticator code when the user has two-factor sign-in on. */
@Route("login")
@PageTitle("Sign in · CT-Ops")
@PublicView
public final class LoginView extends VerticalLayout {

    private final SignInService signIn = WebServices.current().services().signIn();

    public LoginView() {
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        H1 title = new H1("CT-Ops");
        add(title);
        if (UiSession.awaitingSecondFactor().isPresent()) {
            showSecondFactor();
        } else {
            showPassword();
        }
    }

    private void showPassword() {
        LoginForm form = new LoginForm();
        form.setId("login-form");
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setUsername("E-mail");
        i18n.getForm().setForgotPassword("Forgot password? Ask an administrator.");
        i18n.getErrorMessage().setTitle("Not signed in");
        form.setI18n(i18n);
        form.setForgotPasswordButtonVisible(false);
        form.addLoginListener(event -> {
            LoginI18n.ErrorMessage error = i18n.getErrorMessage();
            try {
                SignInService.Step step = signIn.signIn(event.getUsername(), event.getPassword(), address());
                if (step instanceof SignInService.SignedIn done) {
                    UiSession.signedIn(done.actor());
                    UI.getCurrent().navigate(DashboardView.class);
                } else if (step instanceof SignInService.SecondFactorNeeded needed) {
                    UiSession.awaitSecondFactor(needed.userId());
                    UI.getCurrent().getPage().reload();
                }
            } catch (Refusal refused) {
                error.setMessage(refused.getMessage());
                form.setI18n(i18n);
                form.setError(true);
            }
        });
        add(form);
    }

    private void showSecondFactor() {
        Paragraph help = new Paragraph("Enter the 6-digit code from your authenticator app, or one of your recovery codes.");
        TextField code = new TextField("Code");
        code.setId("second-factor-code");
        code.setAutofocus(true);
        code.setMaxLength(32);
        Button verify = new Button("Verify", e -> verify(code));
        verify.setId("second-factor-verify");
        verify.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        verify.addClickShortcut(Key.ENTER);
        Button back = new Button("Start again", e -> {
            UiSession.signOut();
            UI.getCurrent().getPage().setLocation("login");
        });
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add(help, code, verify, back);
    }

    private void verify(TextField code) {
        var userId = UiSession.awaitingSecondFactor();
        if (userId.isEmpty()) {
            UI.getCurrent().getPage().reload();
            return;
        }
        try {
            UiSession.signedIn(signIn.secondFactor(userId.get(), code.getValue(), address()).actor());
            UI.getCurrent().navigate(DashboardView.class);
        } catch (Refusal refused) {
            code.setInvalid(true);
            code.setErrorMessage(refused.getMessage());
            code.clear();
        }
    }

    private static String address() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request == null ? "unknown" : request.getRemoteAddr();
    }
}
