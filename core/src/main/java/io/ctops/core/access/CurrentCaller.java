package io.ctops.core.access;

import io.ctops.sdk.access.Caller;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The actor of the work the current thread does for someone, as plugins see it through
 * {@code PluginContext.caller()}: set by the REST auth filter for the length of a request, and
 * looked up in the browser session for views.
 */
public final class CurrentCaller {

    private static final ThreadLocal<Actor> REQUEST = new ThreadLocal<>();
    private static volatile Supplier<Optional<Actor>> sessionLookup = Optional::empty;

    private CurrentCaller() {
    }

    /** Called by the REST layer around a request. */
    public static void enterRequest(Actor actor) {
        REQUEST.set(actor);
    }

    public static void leaveRequest() {
        REQUEST.remove();
    }

    /** Installed by the web layer: the signed-in user of the current browser session, if any. */
    public static void useSessionLookup(Supplier<Optional<Actor>> lookup) {
        sessionLookup = lookup;
    }

    public static Optional<Actor> actor() {
        Actor request = REQUEST.get();
        return request != null ? Optional.of(request) : sessionLookup.get();
    }

    /** The SDK's view of the current actor. */
    public static Optional<Caller> caller() {
        return actor().map(a -> new Caller(a.userId(), a.orgId(), a.role().id(), a.name()));
    }
}
