package io.ctops.core.api;

import io.ctops.core.fleet.PendingAgent;
import io.ctops.core.services.CoreServices;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /api/v1/agents}: agents waiting for approval, and the approve / reject decisions. */
@Path("v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AgentsResource {

    private final CoreServices services;
    @Context
    private ContainerRequestContext request;

    @Inject
    public AgentsResource(CoreServices services) {
        this.services = services;
    }

    /** Optional body of POST /agents/{id}/reject. */
    public record Rejection(String reason) {
    }

    @GET
    @Path("pending")
    public List<PendingAgent> pending() {
        return services.hosts().pending(ApiAuthFilter.actor(request));
    }

    @POST
    @Path("{id}/approve")
    public Response approve(@PathParam("id") String id) {
        services.hosts().approve(ApiAuthFilter.actor(request), Ids.parse("agent id", id));
        return Answers.done();
    }

    @POST
    @Path("{id}/reject")
    public Response reject(@PathParam("id") String id, Rejection body) {
        String reason = body == null ? null : body.reason();
        if (reason != null && reason.length() > 500) {
            throw io.ctops.core.access.Refusal.invalid("reason must be at most 500 characters");
        }
        services.hosts().reject(ApiAuthFilter.actor(request), Ids.parse("agent id", id), reason);
        return Answers.done();
    }
}
