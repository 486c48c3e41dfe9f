package io.ctops.agent.host;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Loads the agent plugins in a directory, starts the enabled ones and creates their extensions.
 *
 * <p>One broken plugin never stops the others: each jar is loaded on its own, and whatever fails
 * (an unreadable jar, a manifest without Plugin-Id, an SDK version it does not support, a plugin
 * or extension whose constructor throws) is logged with its reason and listed in
 * {@link #problems()}. Operators disable a plugin by naming its id in {@code disabled.txt} in the
 * plugins directory.
 */
public final class AgentPluginHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentPluginHost.class);

    private final Path pluginsDir;
    private final String sdkVersion;
    private final AgentPluginManager manager;
    private final List<PluginProblem> problems = new ArrayList<>();
    private boolean closed;

    /**
     * @param pluginsDir the directory with plugin jars
     * @param dataDir the agent's data directory; plugins get {@code plugins/<id>/} below it
     * @param hostRoot the host's root directory, handed to plugins for {@code /proc} and {@code /sys}
     * @param clock the clock handed to plugins
     * @param sdkVersion the SDK version this agent provides, checked against each plugin's Plugin-Requires
     */
    public AgentPluginHost(Path pluginsDir, Path dataDir, Path hostRoot, Clock clock, String sdkVersion) {
        this.pluginsDir = requireNonNull(pluginsDir, "pluginsDir is null");
        this.sdkVersion = requireNonNull(sdkVersion, "sdkVersion is null");
        this.manager = new AgentPluginManager(pluginsDir, new AgentPluginContexts(dataDir, hostRoot, clock), sdkVersion);
    }

    /** Loads every plugin in the directory and starts those that are enabled and valid. */
    public synchronized void start() {
        for (Path path : manager.pluginPaths()) {
            load(path);
        }
        resolve();
        manager.startPlugins();
        for (PluginWrapper plugin : manager.getPlugins()) {
            report(plugin);
        }
        log.info("{} agent plugin(s) started from {}: {}", started().size(), pluginsDir, started());
    }

    private void load(Path path) {
        try {
            PluginWrapper plugin = manager.loadOne(path);
            log.info("Loaded plugin {} {} from {}", plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                    path.getFileName());
        } catch (RuntimeException | LinkageError e) {
            problem(PluginProblem.of("plugin " + path.getFileName(), e), e);
        }
    }

    private void resolve() {
        try {
            manager.resolve();
        } catch (PluginRuntimeException e) {
            // PF4J resolves all plugins or none: drop those that depend on other plugins and try again.
            for (PluginWrapper plugin : List.copyOf(manager.getUnresolvedPlugins())) {
                if (!plugin.getDescriptor().getDependencies().isEmpty()) {
                    problem(PluginProblem.of(label(plugin), e), e);
                    manager.discard(plugin.getPluginId());
                }
            }
            try {
                manager.resolve();
            } catch (PluginRuntimeException again) {
                for (PluginWrapper plugin : List.copyOf(manager.getUnresolvedPlugins())) {
                    problem(PluginProblem.of(label(plugin), again), again);
                    manager.discard(plugin.getPluginId());
                }
            }
        }
    }

    private void report(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        if (plugin.getPluginState() == PluginState.FAILED) {
            Throwable failure = plugin.getFailedException();
            problem(failure == null ? new PluginProblem(label(plugin), "it failed to start")
                    : PluginProblem.of(label(plugin), failure), failure);
        } else if (plugin.getPluginState() == PluginState.DISABLED) {
            if (manager.disabledByOperator(id)) {
                log.info("Plugin {} is disabled in {}", id, pluginsDir);
            } else {
                String requires = plugin.getDescriptor().getRequires();
                problem(new PluginProblem(label(plugin),
                        "it requires SDK " + requires + " but this agent provides " + sdkVersion), null);
            }
        }
    }

    /**
     * Creates the extensions of one type contributed by the started plugins (and by the agent's own
     * class path). Call once per type and keep the instances: extensions may hold state.
     *
     * @param type the extension point
     * @param <T> its type
     * @return one instance of each extension that could be created
     */
    public synchronized <T> List<T> extensions(Class<T> type) {
        List<T> created = new ArrayList<>();
        for (Class<? extends T> extensionClass : manager.getExtensionClasses(type)) {
            try {
                created.add(manager.getExtensionFactory().create(extensionClass));
            } catch (RuntimeException | LinkageError e) {
                problem(PluginProblem.of("extension " + extensionClass.getName(), e), e);
            }
        }
        return created;
    }

    /** {@return the ids of the started plugins} */
    public synchronized List<String> started() {
        return manager.getStartedPlugins().stream().map(PluginWrapper::getPluginId).toList();
    }

    /** {@return what could not be loaded, started or created so far} */
    public synchronized List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    private void problem(PluginProblem problem, Throwable failure) {
        problems.add(problem);
        log.error("Skipped {}: {}", problem.source(), problem.reason());
        if (failure != null) {
            log.debug("Details of the failure of {}", problem.source(), failure);
        }
    }

    private static String label(PluginWrapper plugin) {
        return "plugin " + plugin.getPluginId() + " (" + plugin.getPluginPath().getFileName() + ")";
    }

    /** Stops the started plugins and releases their class loaders; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        manager.stopPlugins();
        manager.unloadPlugins();
    }
}
