package io.ctops.agent.host;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: plugin first (then its dependencies, then the agent), except for the
 * {@link SharedPackages}, which always come from the agent.
 */
final class AgentPluginClassLoader extends PluginClassLoader {

    static {
        registerAsParallelCapable();
    }

    AgentPluginClassLoader(PluginManager pluginManager, PluginDescriptor descriptor, ClassLoader agentLoader) {
        super(pluginManager, descriptor, agentLoader, ClassLoadingStrategy.PDA);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (SharedPackages.isShared(className)) {
            // A copy bundled in the plugin jar would be a different class to the agent: never use it.
            return getParent().loadClass(className);
        }
        return super.loadClass(className);
    }
}
