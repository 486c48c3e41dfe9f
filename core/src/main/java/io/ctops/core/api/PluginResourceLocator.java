package io.ctops.core.api;

import io.ctops.sdk.rest.RestResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Mounts each running plugin's {@link RestResource} at {@code /api/v1/<plugin-id>/}. */
@Path("v1")
public final class PluginResourceLocator {

    private final PluginResources resources;

    @Inject
    public PluginResourceLocator(PluginResources resources) {
        this.resources = resources;
    }

    @Path("{pluginId: [a-z0-9][a-z0-9._-]*}")
    public RestResource locate(@PathParam("pluginId") String pluginId) {
        return resources.root(pluginId)
                .orElseThrow(() -> new NotFoundException("no running plugin '" + pluginId + "' serves this path"));
    }
}
