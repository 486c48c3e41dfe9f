package io.ctops.agent.host;

import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * Creates a plugin's {@code Plugin-Class}, handing it its context. A plugin without a
 * {@code Plugin-Class} (one that only contributes extensions) gets a plain {@link Plugin}.
 *
 * <p>Unlike PF4J's default factory it throws instead of returning {@code null}, so the reason ends
 * up in the plugin's failed state and in the log line about it.
 */
final class AgentPluginFactory implements PluginFactory {

    private final AgentPluginManager manager;

    AgentPluginFactory(AgentPluginManager manager) {
        this.manager = manager;
    }

    @Override
    public Plugin create(PluginWrapper wrapper) {
        String className = wrapper.getDescriptor().getPluginClass();
        if (className == null || className.isBlank() || className.equals(Plugin.class.getName())) {
            return new Plugin();
        }
        Class<?> type;
        try {
            type = wrapper.getPluginClassLoader().loadClass(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginRuntimeException(e, "Plugin-Class {} cannot be loaded: {}", className, e);
        }
        if (!Plugin.class.isAssignableFrom(type)) {
            throw new PluginRuntimeException("Plugin-Class {} does not extend {}", className, Plugin.class.getName());
        }
        return (Plugin) ContextInjector.newInstance(type, manager.contexts().forPlugin(wrapper.getPluginId()));
    }
}
