package io.ctops.core.api;

import io.ctops.core.access.Actor;
import io.ctops.core.access.CurrentCaller;
import io.ctops.core.access.Refusal;
import io.ctops.core.services.CoreServices;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Authenticates every API call by its {@code Authorization: Bearer <API key>} header, except the few
 * public documents, and leaves the {@link Actor} on the request for the resources. It runs before
 * matching, so an unknown path (or a plugin that is not running) answers 401 rather than telling a
 * caller without a key what exists, and no body is read for such a caller.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class ApiAuthFilter implements ContainerRequestFilter {

    static final String ACTOR = Actor.class.getName();
    private static final Set<String> PUBLIC = Set.of("v1/version", "v1/openapi.json");

    private final CoreServices services;

    @Inject
    public ApiAuthFilter(CoreServices services) {
        this.services = services;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic(request.getUriInfo().getPath())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "missing API key: send Authorization: Bearer <key>");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "the Authorization header must be Bearer <key>");
        }
        Actor actor = services.apiKeys().authenticate(header.substring(7).strip());
        request.setProperty(ACTOR, actor);
        // plugin resources read it through PluginContext.caller(); CallerScope clears it after the response
        CurrentCaller.enterRequest(actor);
    }

    /** True for the documents anyone may read without a key (relative to /api). */
    static boolean isPublic(String path) {
        return PUBLIC.contains(path.startsWith("/") ? path.substring(1) : path);
    }

    /** The authenticated caller of a request that passed this filter. */
    public static Actor actor(ContainerRequestContext request) {
        Object actor = request.getProperty(ACTOR);
        if (actor == null) {
            throw new Refusal(Refusal.Reason.UNAUTHENTICATED, "not authenticated");
        }
        return (Actor) actor;
    }
}
