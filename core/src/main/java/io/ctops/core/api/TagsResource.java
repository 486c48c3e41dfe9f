package io.ctops.core.api;

import io.ctops.core.fleet.HostTags;
import io.ctops.core.services.CoreServices;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/v1/tags}: every tag key and value in use in the organisation, with host counts. */
@Path("v1/tags")
@Produces(MediaType.APPLICATION_JSON)
public final class TagsResource {

    private final CoreServices services;
    @Context
    private ContainerRequestContext request;

    @Inject
    public TagsResource(CoreServices services) {
        this.services = services;
    }

    @GET
    public List<HostTags.CatalogueEntry> catalogue() {
        return services.tags().catalogue(ApiAuthFilter.actor(request));
    }
}
