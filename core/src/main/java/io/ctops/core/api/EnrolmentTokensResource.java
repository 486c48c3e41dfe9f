package io.ctops.core.api;

import io.ctops.core.access.Refusal;
import io.ctops.core.admin.AgentInstallCommand;
import io.ctops.core.admin.EnrolmentTokens;
import io.ctops.core.identity.CreatedEnrolmentToken;
import io.ctops.core.identity.EnrolmentToken;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.services.CoreServices;
import jakarta.inject.Inject;
import jakarta.inject.Named;
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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code /api/v1/enrolment-tokens}: the tokens agents enrol with. The secret and a ready-to-paste
 * install command are in the creation answer only; afterwards a token is known by its prefix.
 */
@Path("v1/enrolment-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class EnrolmentTokensResource {

    private final EnrolmentTokens tokens;
    private final int ingestPort;
    @Context
    private ContainerRequestContext request;
    @Context
    private UriInfo uri;

    @Inject
    public EnrolmentTokensResource(CoreServices services, @Named(RestApplication.INGEST_PORT) Integer ingestPort) {
        this.tokens = new EnrolmentTokens(services.tokens());
        this.ingestPort = ingestPort;
    }

    /** Body of POST /enrolment-tokens. */
    public record NewToken(String name, Boolean autoApprove, Instant expiresAt, Integer maxUses, Map<String, String> tags) {
    }

    /** The creation answer: the only time the secret is shown. */
    public record CreatedToken(EnrolmentToken token, String secret, String installCommand) {
    }

    @GET
    public List<EnrolmentToken> list() {
        return tokens.list(ApiAuthFilter.actor(request));
    }

    @POST
    public Response create(NewToken body) {
        Answers.body(body, "{\"name\": \"datacentre 1\", \"auto_approve\": false}");
        if (body.name() == null) {
            throw Refusal.invalid("name is required");
        }
        NewEnrolmentToken spec = new NewEnrolmentToken(body.name(), Boolean.TRUE.equals(body.autoApprove()),
                Optional.ofNullable(body.expiresAt()),
                body.maxUses() == null ? OptionalInt.empty() : OptionalInt.of(body.maxUses()),
                body.tags() == null ? Map.of() : body.tags());
        CreatedEnrolmentToken created = tokens.create(ApiAuthFilter.actor(request), spec);
        String command = new AgentInstallCommand(uri.getBaseUri().getHost() + ":" + ingestPort).forSecret(created.secret());
        return Answers.created(uri, created.token().id(), new CreatedToken(created.token(), created.secret(), command));
    }

    /** Revokes the token: agents can no longer enrol with it (enrolled agents are not affected). */
    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        tokens.revoke(ApiAuthFilter.actor(request), Ids.parse("token id", id));
        return Answers.done();
    }
}
