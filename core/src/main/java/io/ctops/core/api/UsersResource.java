package io.ctops.core.api;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.services.CoreServices;
import io.ctops.core.users.NewUser;
import io.ctops.core.users.User;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** {@code /api/v1/users}: the organisation's users, for org_admins and above. */
@Path("v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class UsersResource {

    private final CoreServices services;
    @Context
    private ContainerRequestContext request;
    @Context
    private UriInfo uri;

    @Inject
    public UsersResource(CoreServices services) {
        this.services = services;
    }

    /** Body of POST /users; the password is the initial one, for the user to change. */
    public record NewUserBody(String email, String displayName, String role, String password) {
    }

    /** Body of PUT /users/{id}/role. */
    public record RoleBody(String role) {
    }

    @GET
    public List<User> list() {
        return services.users().list(actor());
    }

    @POST
    public Response create(NewUserBody body) {
        Answers.body(body, "{\"email\": \"ann@example.com\", \"role\": \"engineer\", \"password\": \"...\"}");
        Role role = body.role() == null ? Role.READ_ONLY : Role.parse(body.role());
        User user = services.users().create(actor(), new NewUser(body.email(), body.displayName(), role, body.password()));
        return Answers.created(uri, user.id(), user);
    }

    @GET
    @Path("{id}")
    public User get(@PathParam("id") String id) {
        return services.users().get(actor(), Ids.parse("user id", id));
    }

    @PUT
    @Path("{id}/role")
    public User changeRole(@PathParam("id") String id, RoleBody body) {
        Role role = Role.parse(Answers.body(body, "{\"role\": \"engineer\"}").role());
        return services.users().changeRole(actor(), Ids.parse("user id", id), role);
    }

    /** Disables the user: it cannot sign in and its API keys stop working at once. */
    @POST
    @Path("{id}/disable")
    public User disable(@PathParam("id") String id) {
        return services.users().setDisabled(actor(), Ids.parse("user id", id), true);
    }

    @POST
    @Path("{id}/enable")
    public User enable(@PathParam("id") String id) {
        return services.users().setDisabled(actor(), Ids.parse("user id", id), false);
    }

    private Actor actor() {
        return ApiAuthFilter.actor(request);
    }
}
