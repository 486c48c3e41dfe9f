package io.ctops.core.api;

import io.ctops.core.access.Actor;
import io.ctops.core.fleet.HostGroup;
import io.ctops.core.services.CoreServices;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/groups}: host groups and their members. A group's hosts are listed by the hosts
 * list with {@code ?group=<id>}, so they page, filter and sort like every other host list.
 */
@Path("v1/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class GroupsResource {

    private final CoreServices services;
    @Context
    private ContainerRequestContext request;
    @Context
    private UriInfo uri;

    @Inject
    public GroupsResource(CoreServices services) {
        this.services = services;
    }

    /** Body of POST /groups and PATCH /groups/{id}. */
    public record GroupName(String name) {
    }

    /** Body of POST /groups/{id}/hosts. */
    public record HostIds(List<String> hostIds) {
    }

    @GET
    public List<HostGroup> list() {
        return services.groups().list(actor());
    }

    @POST
    public Response create(GroupName body) {
        HostGroup group = services.groups().create(actor(), Answers.body(body, "{\"name\": \"web servers\"}").name());
        return Answers.created(uri, group.id(), group);
    }

    @GET
    @Path("{id}")
    public HostGroup get(@PathParam("id") String id) {
        return services.groups().get(actor(), Ids.parse("group id", id));
    }

    @PATCH
    @Path("{id}")
    public HostGroup rename(@PathParam("id") String id, GroupName body) {
        UUID groupId = Ids.parse("group id", id);
        return services.groups().rename(actor(), groupId, Answers.body(body, "{\"name\": \"web servers\"}").name());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        services.groups().delete(actor(), Ids.parse("group id", id));
        return Answers.done();
    }

    /** Adds hosts to the group (all or none: an unknown or foreign host refuses the whole call). */
    @POST
    @Path("{id}/hosts")
    public HostGroup addHosts(@PathParam("id") String id, HostIds body) {
        UUID groupId = Ids.parse("group id", id);
        List<String> hostIds = Answers.body(body, "{\"host_ids\": [\"...\"]}").hostIds();
        if (hostIds == null || hostIds.isEmpty()) {
            throw io.ctops.core.access.Refusal.invalid("host_ids must name at least one host");
        }
        if (hostIds.size() > 1000) {
            throw io.ctops.core.access.Refusal.invalid("at most 1000 hosts per call");
        }
        services.groups().addHosts(actor(), groupId, hostIds.stream().map(h -> Ids.parse("host id", h)).toList());
        return services.groups().get(actor(), groupId);
    }

    @DELETE
    @Path("{id}/hosts/{hostId}")
    public Response removeHost(@PathParam("id") String id, @PathParam("hostId") String hostId) {
        UUID host = Ids.parse("host id", hostId);
        UUID groupId = Ids.parse("group id", id);
        services.hosts().get(actor(), host);
        services.groups().removeHosts(actor(), groupId, List.of(host));
        return Answers.done();
    }

    private Actor actor() {
        return ApiAuthFilter.actor(request);
    }
}
