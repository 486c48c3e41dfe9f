package io.ctops.core.plugin;

import static java.util.Objects.requireNonNull;

import io.ctops.sdk.PluginContext;
import java.util.List;
import java.util.Map;

/**
 * A started plugin and the extension instances of this run, handed to {@link PluginLifecycleListener}s.
 */
public record RunningPlugin(String id, String version, PluginContext context, ClassLoader classLoader,
                            Map<Class<?>, List<?>> extensions) {

    public RunningPlugin {
        requireNonNull(id, "id is null");
        requireNonNull(context, "context is null");
        requireNonNull(classLoader, "classLoader is null");
        extensions = Map.copyOf(extensions);
    }

    /** The plugin's extensions of one extension point. */
    public <T> List<T> extensions(Class<T> type) {
        List<?> found = extensions.getOrDefault(type, List.of());
        return found.stream().map(type::cast).toList();
    }
}
