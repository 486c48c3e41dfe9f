package io.ctops.core.plugin;

import io.ctops.sdk.CtopsPlugin;
import io.ctops.sdk.PluginContext;
import java.nio.file.Path;
import java.util.function.Function;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;

/**
 * PF4J configured for CT-Ops: jar plugins with isolating class loaders, plugin classes created with
 * their {@link PluginContext}, enabled flags kept by the host. Extensions are not looked up through
 * PF4J (it only lists those of started plugins); {@link PluginExtensions} creates them.
 */
final class CtopsPluginManager extends JarPluginManager {

    private final Function<String, PluginContext> contexts;

    CtopsPluginManager(Path pluginsDir, String sdkVersion, Function<String, PluginContext> contexts) {
        super(pluginsDir);
        this.contexts = contexts;
        setSystemVersion(sdkVersion);
        // A plugin with a missing dependency is dropped (and reported by the host) instead of failing every plugin.
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    PluginDescriptorFinder descriptorFinder() {
        return getPluginDescriptorFinder();
    }

    boolean satisfiesRequires(PluginDescriptor descriptor) {
        String requires = descriptor.getRequires() == null ? "*" : descriptor.getRequires().trim();
        if (requires.matches("^\\d+\\.\\d+\\.\\d+$")) {
            requires = ">=" + requires;
        }
        return requires.isEmpty() || "*".equals(requires)
                || getVersionManager().checkVersionConstraint(getSystemVersion(), requires);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this) {
            @Override
            public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
                IsolatingPluginClassLoader loader =
                        new IsolatingPluginClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                loader.addFile(pluginPath.toFile());
                return loader;
            }
        };
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        // Enabled/disabled lives in the database (PluginStateStore), not in PF4J's text files.
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
            }

            @Override
            public void enablePlugin(String pluginId) {
            }
        };
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return this::createPlugin;
    }

    private Plugin createPlugin(PluginWrapper wrapper) {
        String className = wrapper.getDescriptor().getPluginClass();
        if (className == null || className.isBlank() || Plugin.class.getName().equals(className)) {
            return new Plugin() { };
        }
        Class<?> pluginClass;
        try {
            pluginClass = wrapper.getPluginClassLoader().loadClass(className);
        } catch (ClassNotFoundException e) {
            throw new PluginFailure("Plugin-Class " + className + " is not in the jar");
        }
        if (!Plugin.class.isAssignableFrom(pluginClass)) {
            throw new PluginFailure("Plugin-Class " + className + " does not extend " + CtopsPlugin.class.getName());
        }
        return (Plugin) ContextInjector.create(pluginClass, contexts.apply(wrapper.getPluginId()));
    }
}
