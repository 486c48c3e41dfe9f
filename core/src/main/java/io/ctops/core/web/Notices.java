package io.ctops.core.web;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.ctops.core.access.Refusal;
import io.ctops.core.identity.IdentityRefusal;

/** Short messages at the bottom of the page: what happened, or why it was refused. */
final class Notices {

    private Notices() {
    }

    static void done(String message) {
        Notification n = Notification.show(message, 4000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    static void refused(String message) {
        Notification n = Notification.show(message, 6000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    /** Runs an action; a refusal becomes a visible message instead of an error page. */
    static boolean attempt(Runnable action) {
        try {
            action.run();
            return true;
        } catch (Refusal e) {
            refused(e.getMessage());
        } catch (IdentityRefusal e) {
            refused(e.getMessage());
        }
        return false;
    }
}
