package io.ctops.core.plugin;

import io.ctops.sdk.PluginContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Finds a plugin's extensions of the SDK extension points (from its META-INF/extensions.idx) and creates them. */
final class PluginExtensions {

    private PluginExtensions() {
    }

    /** The extension classes of each given extension point, in name order. */
    static Map<Class<?>, List<Class<?>>> classes(Set<String> classNames, ClassLoader loader,
                                                 List<Class<?>> extensionPoints) {
        Map<Class<?>, List<Class<?>>> byPoint = new LinkedHashMap<>();
        for (String className : new TreeSet<>(classNames)) {
            Class<?> type;
            try {
                type = loader.loadClass(className);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PluginFailure("extension " + className + " cannot be loaded: " + e.getMessage(), e);
            }
            boolean matched = false;
            for (Class<?> point : extensionPoints) {
                if (point.isAssignableFrom(type)) {
                    byPoint.computeIfAbsent(point, p -> new ArrayList<>()).add(type);
                    matched = true;
                }
            }
            if (!matched) {
                throw new PluginFailure("extension " + className + " implements no extension point of this SDK");
            }
        }
        return byPoint;
    }

    /** Creates one instance of each class, passing the context to constructors that take it. */
    static <T> List<T> create(Class<T> point, List<Class<?>> types, PluginContext context) {
        List<T> instances = new ArrayList<>(types.size());
        for (Class<?> type : types) {
            instances.add(point.cast(ContextInjector.create(type, context)));
        }
        return instances;
    }
}
