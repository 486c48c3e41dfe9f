package io.ctops.core.api;

import io.ctops.core.plugin.PluginHost;
import io.ctops.core.services.CoreServices;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The Jersey application served at {@code /api/*}. */
public final class RestApplication {

    /** Injection name of the gRPC port agents reach, for the install command of new enrolment tokens. */
    static final String INGEST_PORT = "ctops.ingest-port";

    /** Every resource class; the OpenAPI document is generated from exactly this list. */
    static final List<Class<?>> RESOURCES = List.of(VersionResource.class, OpenApiResource.class, HostsResource.class,
            AgentsResource.class, GroupsResource.class, TagsResource.class, EnrolmentTokensResource.class,
            UsersResource.class, ApiKeysResource.class, MeResource.class, PluginsResource.class,
            PluginResourceLocator.class);

    private RestApplication() {
    }

    /**
     * @param ingestPort the gRPC port agents connect to, named in the install command shown with a new
     *     enrolment token
     */
    public static ResourceConfig create(ProductInfo product, PluginHost plugins, PluginResources pluginResources,
                                        CoreServices services, int ingestPort) {
        Map<String, Object> openApi = OpenApiDocument.describe(RESOURCES, product.productVersion());
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
                bind(Integer.valueOf(ingestPort)).named(INGEST_PORT).to(Integer.class);
                bind(new OpenApiResource.Document(openApi)).to(OpenApiResource.Document.class);
            }
        });
        RESOURCES.forEach(config::register);
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        return config;
    }
}
