package io.ctops.core.api;

import io.ctops.core.plugin.PluginLifecycleListener;
import io.ctops.core.plugin.RunningPlugin;
import io.ctops.sdk.rest.RestResource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The REST roots of running plugins, by plugin id; looked up per request so enable/disable needs no reload. */
public final class PluginResources implements PluginLifecycleListener {

    private final Map<String, RestResource> byPlugin = new ConcurrentHashMap<>();

    @Override
    public void started(RunningPlugin plugin) {
        plugin.extensions(RestResource.class).stream().findFirst().ifPresent(r -> byPlugin.put(plugin.id(), r));
    }

    @Override
    public void stopping(RunningPlugin plugin) {
        byPlugin.remove(plugin.id());
    }

    Optional<RestResource> root(String pluginId) {
        return Optional.ofNullable(byPlugin.get(pluginId));
    }
}
