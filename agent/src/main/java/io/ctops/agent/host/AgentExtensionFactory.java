package io.ctops.agent.host;

import org.pf4j.ExtensionFactory;
import org.pf4j.PluginWrapper;

/** Creates extensions, handing each the context of the plugin it came from. */
final class AgentExtensionFactory implements ExtensionFactory {

    private final AgentPluginManager manager;

    AgentExtensionFactory(AgentPluginManager manager) {
        this.manager = manager;
    }

    @Override
    public <T> T create(Class<T> extensionClass) {
        return ContextInjector.newInstance(extensionClass, manager.contexts().forPlugin(pluginIdOf(extensionClass)));
    }

    String pluginIdOf(Class<?> extensionClass) {
        PluginWrapper plugin = manager.whichPlugin(extensionClass);
        return plugin == null ? AgentPluginContexts.AGENT_ID : plugin.getPluginId();
    }
}
