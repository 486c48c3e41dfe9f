package io.ctops.agent.host;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.Manifest;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.InvalidPluginDescriptorException;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * PF4J's plugin manager with the agent's class loading, descriptor checks and factories, and with
 * loading split into steps so {@link AgentPluginHost} can tell which jar failed and why.
 */
final class AgentPluginManager extends DefaultPluginManager {

    // Assigned after super(): PF4J creates the factories inside its constructor, and they only
    // reach for the contexts later, when a plugin or extension is created.
    private AgentPluginContexts contexts;

    AgentPluginManager(Path pluginsDir, AgentPluginContexts contexts, String sdkVersion) {
        super(pluginsDir);
        this.contexts = contexts;
        setSystemVersion(sdkVersion);
    }

    AgentPluginContexts contexts() {
        return contexts;
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return AgentPluginLoaders.create(this);
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new AgentPluginFactory(this);
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new AgentExtensionFactory(this);
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        // The manifest only: PF4J's compound finder hides the real reason behind "No PluginDescriptorFinder".
        return new ManifestPluginDescriptorFinder() {
            @Override
            protected Manifest readManifest(Path pluginPath) {
                Manifest manifest = super.readManifest(pluginPath);
                if (manifest == null) {
                    throw new PluginRuntimeException("it has no META-INF/MANIFEST.MF");
                }
                return manifest;
            }
        };
    }

    @Override
    protected void validatePluginDescriptor(PluginDescriptor descriptor) {
        if (descriptor.getPluginId() == null || descriptor.getPluginId().isBlank()) {
            throw new InvalidPluginDescriptorException("its manifest has no Plugin-Id; is it an agent plugin?");
        }
        if (descriptor.getVersion() == null) {
            throw new InvalidPluginDescriptorException("its manifest has no Plugin-Version");
        }
    }

    /** {@return the jars, directories and zips in the plugins directory} */
    List<Path> pluginPaths() {
        return pluginRepository.getPluginPaths();
    }

    /** Loads one plugin without resolving it, so a failure belongs to this path alone. */
    PluginWrapper loadOne(Path pluginPath) {
        return loadPluginFromPath(pluginPath);
    }

    /** Resolves the loaded plugins' dependencies (PF4J's all-or-nothing step). */
    void resolve() {
        resolvePlugins();
    }

    /** Drops a plugin that was loaded but cannot be resolved, leaving the others alone. */
    void discard(String pluginId) {
        unloadPlugin(pluginId, false, false);
    }

    /** {@return whether the operator disabled the plugin (disabled.txt / enabled.txt)} */
    boolean disabledByOperator(String pluginId) {
        return isPluginDisabled(pluginId);
    }
}
