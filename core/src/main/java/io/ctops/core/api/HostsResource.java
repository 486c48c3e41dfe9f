package io.ctops.core.api;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.fleet.BulkSelector;
import io.ctops.core.fleet.FleetOverview;
import io.ctops.core.fleet.HostGroup;
import io.ctops.core.fleet.HostQuery;
import io.ctops.core.fleet.HostRow;
import io.ctops.core.fleet.HostSort;
import io.ctops.core.fleet.HostStatus;
import io.ctops.core.fleet.HostTags;
import io.ctops.core.services.CoreServices;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code /api/v1/hosts}: the hosts list with the UI's paging, search, filters and sort, and one host. */
@Path("v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class HostsResource {

    private final CoreServices services;
    @Context
    private ContainerRequestContext request;
    @Context
    private UriInfo uri;

    @Inject
    public HostsResource(CoreServices services) {
        this.services = services;
    }

    /** Body of PATCH /hosts/{id}. */
    public record HostChange(String displayName) {
    }

    /** Body of PUT /hosts/{id}/tags. */
    public record TagsBody(Map<String, String> tags) {
    }

    /** Body of PUT /hosts/{id}/groups. */
    public record GroupsBody(List<String> groupIds) {
    }

    /** Which hosts a bulk action applies to; every given criterion must hold, at least one is required. */
    public record Selector(String hostnameGlob, String cidr, String os, String status, String hasTag, String lacksTag) {

        BulkSelector toSelector() {
            return new BulkSelector(Optional.ofNullable(hostnameGlob), Optional.ofNullable(cidr), Optional.ofNullable(os),
                    Optional.ofNullable(status).filter(s -> !s.isBlank()).map(HostStatus::parse),
                    Optional.ofNullable(hasTag), Optional.ofNullable(lacksTag));
        }
    }

    /** Body of POST /hosts/bulk-tags: sets {@code key} to {@code value} on the selected hosts, or removes the key when value is null. */
    public record BulkTags(Selector selector, String key, String value) {
    }

    /** Answer of POST /hosts/bulk-tags. */
    public record BulkResult(int changed) {
    }

    @GET
    public Page<HostRow> list(@QueryParam("search") String search, @QueryParam("status") List<String> statuses,
                              @QueryParam("os") String os, @QueryParam("group") String group,
                              @QueryParam("tag") List<String> tags, @QueryParam("sort") @DefaultValue("hostname") String sort,
                              @QueryParam("order") @DefaultValue("asc") String order,
                              @QueryParam("page") @DefaultValue("0") String page,
                              @QueryParam("page_size") @DefaultValue("25") String pageSize) {
        Set<HostStatus> wanted = statuses.stream().map(HostStatus::parse).collect(Collectors.toSet());
        Map<String, String> tagFilter = new LinkedHashMap<>();
        tags.stream().map(HostTags::parsePair).forEach(e -> tagFilter.put(e.getKey(), e.getValue()));
        if (!order.equals("asc") && !order.equals("desc")) {
            throw Refusal.invalid("order must be asc or desc");
        }
        HostQuery query = new HostQuery(search, wanted, Optional.ofNullable(os),
                Optional.ofNullable(group).map(g -> Ids.parse("group", g)), tagFilter, HostSort.parse(sort),
                order.equals("desc"), number("page", page), number("page_size", pageSize));
        var result = services.hosts().list(actor(), query);
        return Page.of(result.hosts(), result.total(), result.page(), result.pageSize(), uri);
    }

    @GET
    @Path("overview")
    public FleetOverview overview() {
        return services.hosts().overview(actor());
    }

    @POST
    @Path("bulk-tags")
    public BulkResult bulkTags(BulkTags body) {
        Answers.body(body, "{\"selector\": {\"hostname_glob\": \"web-*\"}, \"key\": \"env\", \"value\": \"prod\"}");
        if (body.selector() == null) {
            throw Refusal.invalid("selector is required: which hosts to tag");
        }
        return new BulkResult(services.tags().bulk(actor(), body.selector().toSelector(), body.key(), body.value()));
    }

    @GET
    @Path("{id}")
    public HostRow get(@PathParam("id") String id) {
        return services.hosts().get(actor(), Ids.parse("host id", id));
    }

    @PATCH
    @Path("{id}")
    public HostRow change(@PathParam("id") String id, HostChange change) {
        if (change == null) {
            throw Refusal.invalid("send a JSON body such as {\"display_name\": \"web 1\"}");
        }
        return services.hosts().rename(actor(), Ids.parse("host id", id), change.displayName());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        services.hosts().delete(actor(), Ids.parse("host id", id));
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/tags")
    public Map<String, String> setTags(@PathParam("id") String id, TagsBody body) {
        if (body == null || body.tags() == null) {
            throw Refusal.invalid("send a JSON body such as {\"tags\": {\"env\": \"prod\"}}");
        }
        return services.tags().set(actor(), Ids.parse("host id", id), body.tags());
    }

    @GET
    @Path("{id}/groups")
    public List<HostGroup> groups(@PathParam("id") String id) {
        UUID hostId = Ids.parse("host id", id);
        services.hosts().get(actor(), hostId);
        return services.groups().groupsOf(actor(), hostId);
    }

    @PUT
    @Path("{id}/groups")
    public List<HostGroup> setGroups(@PathParam("id") String id, GroupsBody body) {
        if (body == null || body.groupIds() == null) {
            throw Refusal.invalid("send a JSON body such as {\"group_ids\": [\"...\"]}");
        }
        UUID hostId = Ids.parse("host id", id);
        services.groups().setGroupsOf(actor(), hostId, body.groupIds().stream().map(g -> Ids.parse("group id", g)).toList());
        return services.groups().groupsOf(actor(), hostId);
    }

    private Actor actor() {
        return ApiAuthFilter.actor(request);
    }

    static int number(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw Refusal.invalid(name + " must be a whole number");
        }
    }
}
