package io.ctops.core.api;

import io.ctops.core.plugin.PluginHost;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The Jersey application served at {@code /api/*}. */
public final class RestApplication {

    private RestApplication() {
    }

    public static ResourceConfig create(ProductInfo product, PluginHost plugins, PluginResources pluginResources) {
        ResourceConfig config = new ResourceConfig();
        config.register(JacksonFeature.class);
        config.register(new ErrorMapper());
        config.register(new VersionResource(product, plugins));
        config.register(new PluginResourceLocator(pluginResources));
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        return config;
    }
}
