package io.ctops.core.api;

import io.ctops.core.plugin.PluginHost;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/v1/version}: the product version and every plugin's version and state. */
@Path("v1/version")
@Produces(MediaType.APPLICATION_JSON)
public final class VersionResource {

    private final ProductInfo product;
    private final PluginHost plugins;

    @Inject
    public VersionResource(ProductInfo product, PluginHost plugins) {
        this.product = product;
        this.plugins = plugins;
    }

    /** The JSON answer. */
    public record Version(String product, String version, String sdkVersion, List<PluginVersion> plugins) {
    }

    /** One plugin in the answer. */
    public record PluginVersion(String id, String version, String state) {
    }

    @GET
    public Version get() {
        List<PluginVersion> pluginVersions = plugins.plugins().stream()
                .map(p -> new PluginVersion(p.id(), p.version(), p.state().name()))
                .toList();
        return new Version("CT-Ops", product.productVersion(), product.sdkVersion(), pluginVersions);
    }
}
