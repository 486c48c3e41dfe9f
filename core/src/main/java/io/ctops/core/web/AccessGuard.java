package io.ctops.core.web;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import java.util.Optional;

/**
 * Checks every navigation: an empty database goes to the set-up page, a visitor who is not signed in
 * to the sign-in page, and a user without the view's {@link RequiresRole} gets the forbidden page.
 * Registered in META-INF/services so it guards plugin views too.
 */
public final class AccessGuard implements VaadinServiceInitListener {

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(AccessGuard::check));
    }

    private static void check(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        WebServices services = WebServices.current();
        if (services.services().users().needsSetup()) {
            if (target != SetupView.class) {
                event.forwardTo(SetupView.class);
            }
            return;
        }
        if (target.isAnnotationPresent(PublicView.class)) {
            if (target == SetupView.class) {
                event.forwardTo(LoginView.class);
            }
            return;
        }
        Optional<Actor> actor = UiSession.actor();
        if (actor.isEmpty()) {
            event.forwardTo(LoginView.class);
            return;
        }
        RequiresRole annotated = target.getAnnotation(RequiresRole.class);
        Optional<Role> required = annotated != null ? Optional.of(annotated.value())
                : services.pluginRoutes().requiredRole(target).map(AccessGuard::pluginRole);
        if (required.isPresent() && !actor.get().may(required.get())) {
            event.rerouteToError(SecurityException.class, "This page needs the " + required.get().id() + " role.");
        }
    }

    /** A plugin's role name; an unknown one is treated as the strictest, so a typo never opens a page. */
    static Role pluginRole(String name) {
        try {
            return Role.parse(name);
        } catch (RuntimeException e) {
            return Role.SUPER_ADMIN;
        }
    }
}
