package io.ctops.core.api;

import io.ctops.core.access.Actor;
import io.ctops.core.services.CoreServices;
import io.ctops.core.users.User;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/me}: the user behind the API key, and its password. */
@Path("v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class MeResource {

    private final CoreServices services;
    @Context
    private ContainerRequestContext request;

    @Inject
    public MeResource(CoreServices services) {
        this.services = services;
    }

    /** Body of POST /me/password. */
    public record PasswordChange(String currentPassword, String newPassword) {
    }

    @GET
    public User me() {
        Actor actor = ApiAuthFilter.actor(request);
        return services.users().get(actor, actor.userId());
    }

    @POST
    @Path("password")
    public Response changePassword(PasswordChange body) {
        Answers.body(body, "{\"current_password\": \"...\", \"new_password\": \"...\"}");
        services.users().changePassword(ApiAuthFilter.actor(request), body.currentPassword(), body.newPassword());
        return Answers.done();
    }
}
