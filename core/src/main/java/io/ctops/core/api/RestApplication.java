package io.ctops.core.api;

import io.ctops.core.plugin.PluginHost;
import io.ctops.core.services.CoreServices;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The Jersey application served at {@code /api/*}. */
public final class RestApplication {

    private RestApplication() {
    }

    public static ResourceConfig create(ProductInfo product, PluginHost plugins, PluginResources pluginResources,
                                        CoreServices services) {
        ResourceConfig config = new ResourceConfig();
        // Jackson's own exception mappers answer in plain text; ours answer every error in one JSON shape
        config.register(JacksonFeature.withoutExceptionMappers());
        config.register(ApiJson.class);
        config.register(new ErrorMapper());
        config.register(BodyLimitFilter.class);
        config.register(ApiAuthFilter.class);
        config.register(CallerScope.class);
        // resources are classes created per request by HK2; the server's objects are bound for injection
        config.register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(product).to(ProductInfo.class);
                bind(plugins).to(PluginHost.class);
                bind(pluginResources).to(PluginResources.class);
                bind(services).to(CoreServices.class);
            }
        });
        config.register(VersionResource.class);
        config.register(HostsResource.class);
        config.register(PluginResourceLocator.class);
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        return config;
    }
}
