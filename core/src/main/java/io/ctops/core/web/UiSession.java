package io.ctops.core.web;

import com.vaadin.flow.server.VaadinSession;
import io.ctops.core.access.Actor;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is signed in to this browser session. Only the user id is kept: the {@link Actor} is re-read
 * on every navigation, so a role change or a disabled account takes effect at once.
 */
public final class UiSession {

    private static final String USER = UiSession.class.getName() + ".user";
    private static final String SECOND_FACTOR = UiSession.class.getName() + ".secondFactor";
    private static final String DARK = UiSession.class.getName() + ".dark";

    private UiSession() {
    }

    static Optional<UUID> userId() {
        return Optional.ofNullable((UUID) VaadinSession.getCurrent().getAttribute(USER));
    }

    /** The signed-in actor, re-read from the database; empty when nobody is or the account was disabled. */
    public static Optional<Actor> actor() {
        return userId().flatMap(id -> WebServices.current().services().users().actor(id));
    }

    /** The signed-in actor; only called on pages the guard let through. */
    public static Actor require() {
        return actor().orElseThrow(() -> new IllegalStateException("not signed in"));
    }

    static void signedIn(Actor actor) {
        VaadinSession session = VaadinSession.getCurrent();
        // a new session id after sign-in, so a session id planted before it is worthless (session fixation)
        com.vaadin.flow.server.VaadinService.reinitializeSession(com.vaadin.flow.server.VaadinRequest.getCurrent());
        session = VaadinSession.getCurrent();
        session.setAttribute(SECOND_FACTOR, null);
        session.setAttribute(USER, actor.userId());
        session.getSession().setMaxInactiveInterval((int) WebServices.current().sessionTimeout().toSeconds());
    }

    static void awaitSecondFactor(UUID userId) {
        VaadinSession.getCurrent().setAttribute(SECOND_FACTOR, userId);
    }

    static Optional<UUID> awaitingSecondFactor() {
        return Optional.ofNullable((UUID) VaadinSession.getCurrent().getAttribute(SECOND_FACTOR));
    }

    static boolean dark() {
        return Boolean.TRUE.equals(VaadinSession.getCurrent().getAttribute(DARK));
    }

    static void dark(boolean dark) {
        VaadinSession.getCurrent().setAttribute(DARK, dark);
    }

    /** Ends the session: the next request starts a fresh one at the sign-in page. */
    static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        session.getSession().invalidate();
        session.close();
    }
}
