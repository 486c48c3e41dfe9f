package io.ctops.agent.host;

import java.nio.file.Path;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;

/**
 * PF4J's two plugin layouts, a single jar or a directory (or zip) with {@code classes/} and
 * {@code lib/}, both loading through {@link AgentPluginClassLoader}.
 */
final class AgentPluginLoaders {

    private AgentPluginLoaders() {
    }

    static PluginLoader create(PluginManager manager) {
        return new CompoundPluginLoader()
                .add(new JarLoader(manager))
                .add(new DirectoryLoader(manager));
    }

    private static final class JarLoader extends JarPluginLoader {

        JarLoader(PluginManager manager) {
            super(manager);
        }

        @Override
        public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
            PluginClassLoader loader = new AgentPluginClassLoader(pluginManager, descriptor, getClass().getClassLoader());
            loader.addFile(pluginPath.toFile());
            return loader;
        }
    }

    private static final class DirectoryLoader extends DefaultPluginLoader {

        DirectoryLoader(PluginManager manager) {
            super(manager);
        }

        @Override
        protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
            return new AgentPluginClassLoader(pluginManager, descriptor, getClass().getClassLoader());
        }
    }
}
