package io.ctops.core.api;

import io.ctops.core.access.Refusal;
import io.ctops.core.services.CoreServices;
import io.ctops.core.users.ApiKey;
import io.ctops.core.users.CreatedApiKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/api-keys}: the caller's own API keys (an org_admin sees and revokes the whole
 * organisation's). A key is personal, so every role, read_only included, manages its own.
 */
@Path("v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ApiKeysResource {

    private final CoreServices services;
    @Context
    private ContainerRequestContext request;
    @Context
    private UriInfo uri;

    @Inject
    public ApiKeysResource(CoreServices services) {
        this.services = services;
    }

    /** Body of POST /api-keys. */
    public record NewKey(String name, Instant expiresAt) {
    }

    @GET
    public List<ApiKey> list() {
        return services.apiKeys().list(ApiAuthFilter.actor(request));
    }

    /** Creates a key for the caller; the answer's {@code secret} is shown this once. */
    @POST
    public Response create(NewKey body) {
        Answers.body(body, "{\"name\": \"ci pipeline\", \"expires_at\": \"2030-01-01T00:00:00Z\"}");
        if (body.name() == null) {
            throw Refusal.invalid("name is required");
        }
        CreatedApiKey created = services.apiKeys().create(ApiAuthFilter.actor(request), body.name(),
                Optional.ofNullable(body.expiresAt()));
        return Answers.created(uri, created.key().id(), created);
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        services.apiKeys().revoke(ApiAuthFilter.actor(request), Ids.parse("API key id", id));
        return Answers.done();
    }
}
