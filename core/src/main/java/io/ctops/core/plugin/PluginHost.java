package io.ctops.core.plugin;

import static java.util.Objects.requireNonNull;

import io.ctops.db.MigrationFailedException;
import io.ctops.db.MigrationResult;
import io.ctops.db.SchemaMigrator;
import io.ctops.sdk.alert.AlertSource;
import io.ctops.sdk.ingest.HeartbeatContributor;
import io.ctops.sdk.job.ScheduledJob;
import io.ctops.sdk.metrics.MetricsSource;
import io.ctops.sdk.migration.SchemaMigrations;
import io.ctops.sdk.queue.QueueConsumer;
import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.spi.QueueBackend;
import io.ctops.sdk.queue.spi.QueueProvider;
import io.ctops.sdk.queue.spi.QueueSettings;
import io.ctops.sdk.rest.RestResource;
import io.ctops.sdk.web.HeaderItem;
import io.ctops.sdk.web.HostTab;
import io.ctops.sdk.web.NavEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, migrates, starts and stops plugins from the plugins directory, and is the internal API the
 * web UI and REST API use to list, enable, disable and install them while the server runs.
 *
 * <p>One plugin's failure (unreadable jar, duplicate id, SDK too old, missing dependency, failing
 * migration, exception in start) is recorded as {@link PluginState#FAILED} with its reason and never
 * stops the others.
 *
 * <p>Start-up runs in two steps so that a plugin can supply the server's queue: {@link #loadAll} reads
 * every jar, {@link #openQueue} starts the plugin providing the chosen queue (before anything else) and
 * opens it, then {@link #startAll} starts the others with that queue in their context. That plugin then
 * stays up as long as the server: disabling or replacing it is refused.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    /** The extension points the host puts to work. */
    static final List<Class<?>> EXTENSION_POINTS = List.of(
            SchemaMigrations.class, QueueConsumer.class, RestResource.class, NavEntry.class, ScheduledJob.class,
            HeartbeatContributor.class, QueueProvider.class, HostTab.class, HeaderItem.class, MetricsSource.class,
            AlertSource.class);

    private final Path pluginsDir;
    private final Path pluginsDataDir;
    private final DataSource dataSource;
    private final Clock clock;
    private final String sdkVersion;
    private final SchemaMigrator migrator;
    private final PluginStateStore store;
    private final CtopsPluginManager manager;
    private final PluginJars jars;

    private final Map<Path, PluginStatus> statuses = new LinkedHashMap<>();
    private final Map<String, RunningPlugin> running = new ConcurrentHashMap<>();
    private final Map<String, PluginServices> contexts = new ConcurrentHashMap<>();
    private final List<PluginLifecycleListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> migrationFailures = new ConcurrentHashMap<>();
    private volatile QueuePublisher queue;
    private boolean loaded;
    private String queuePluginId;
    private String queueName;

    public PluginHost(Path pluginsDir, Path pluginsDataDir, DataSource dataSource, Clock clock, String sdkVersion) {
        this.pluginsDir = requireNonNull(pluginsDir, "pluginsDir is null");
        this.pluginsDataDir = requireNonNull(pluginsDataDir, "pluginsDataDir is null");
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sdkVersion = requireNonNull(sdkVersion, "sdkVersion is null");
        this.migrator = new SchemaMigrator();
        this.store = new PluginStateStore(dataSource);
        this.manager = new CtopsPluginManager(pluginsDir, sdkVersion, this::context);
        this.jars = new PluginJars(manager.descriptorFinder());
    }

    /** Adds a part of the server that puts plugin contributions to work; call before {@link #startAll}. */
    public void addListener(PluginLifecycleListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    /** Reads every jar in the plugins directory, without starting any; idempotent. */
    public synchronized void loadAll() {
        if (loaded) {
            return;
        }
        loaded = true;
        List<Path> found = PluginJars.in(pluginsDir);
        LOG.info("Plugins directory {}: {} jar(s)", pluginsDir, found.size());
        jars.dependenciesFirst(found).forEach(this::load);
    }

    /**
     * Starts the plugin that provides the queue with this name, before any other plugin, and opens it.
     * The plugin is started even if an operator had disabled it: the server cannot run without its queue.
     *
     * @throws PluginOperationException when no loaded plugin provides it (the message says what was found)
     */
    public synchronized QueueBackend openQueue(String name, QueueSettings settings) {
        requireNonNull(name, "name is null");
        requireNonNull(settings, "settings is null");
        loadAll();
        for (PluginStatus status : List.copyOf(statuses.values())) {
            if (status.state() != PluginState.LOADED || !hasQueueProvider(status.id())) {
                continue;
            }
            if (!store.isEnabled(status.id())) {
                LOG.warn("Plugin {} {}: disabled by an operator, but it provides the queue; starting it", status.id(), status.version());
                store.setEnabled(status.id(), status.version(), true);
            }
            start(status);
            Optional<QueueProvider> provider = Optional.ofNullable(running.get(status.id())).stream()
                    .flatMap(plugin -> plugin.extensions(QueueProvider.class).stream())
                    .filter(p -> name.equals(p.name())).findFirst();
            if (provider.isPresent()) {
                QueueBackend backend = provider.get().open(settings);
                queuePluginId = status.id();
                queueName = name;
                LOG.info("Plugin {} {}: provides the server's queue ({})", status.id(), status.version(), name);
                return backend;
            }
        }
        String failed = statuses.values().stream().filter(s -> s.state() == PluginState.FAILED)
                .map(s -> s.id() + " (" + s.reason().orElse("failed") + ")").reduce((a, b) -> a + "; " + b)
                .map(list -> "; plugins that failed: " + list).orElse("");
        throw new PluginOperationException("no plugin in " + pluginsDir + " provides the '" + name + "' queue" + failed);
    }

    private boolean hasQueueProvider(String id) {
        try {
            return !PluginExtensions.classes(manager.getExtensionClassNames(id),
                    manager.getPlugin(id).getPluginClassLoader(), EXTENSION_POINTS)
                    .getOrDefault(QueueProvider.class, List.of()).isEmpty();
        } catch (RuntimeException | LinkageError e) {
            return false; // a broken plugin fails with its reason when it is started
        }
    }

    /**
     * Starts every enabled plugin with the server's queue in its context; a plugin started early by
     * {@link #openQueue} is handed to the listeners now, as they were added after it started.
     */
    public synchronized void startAll(QueuePublisher serverQueue) {
        this.queue = requireNonNull(serverQueue, "serverQueue is null");
        loadAll();
        for (RunningPlugin early : running.values()) {
            for (PluginLifecycleListener listener : listeners) {
                try {
                    listener.started(early);
                } catch (RuntimeException e) {
                    LOG.error("Plugin {}: {} could not take its contributions: {}", early.id(),
                            listener.getClass().getSimpleName(), e.toString());
                }
            }
        }
        for (PluginStatus status : List.copyOf(statuses.values())) {
            if (status.state() == PluginState.LOADED) {
                startOrKeepDisabled(status);
            }
        }
    }

    /** Every plugin jar the host knows, with its state. */
    public synchronized List<PluginStatus> plugins() {
        return List.copyOf(statuses.values());
    }

    /** The plugin with this id that is loaded (or last failed), if any. */
    public synchronized Optional<PluginStatus> plugin(String id) {
        return find(id);
    }

    /** Enabled plugins whose migrations failed, one line each; the server is not healthy while any exist. */
    public List<String> migrationProblems() {
        return migrationFailures.entrySet().stream()
                .map(e -> "plugin " + e.getKey() + ": " + e.getValue()).sorted().toList();
    }

    /** The plugins running now. */
    public List<RunningPlugin> running() {
        return List.copyOf(running.values());
    }

    /** Enables a plugin and starts it; a failed plugin is retried. Remembered across restarts. */
    public synchronized PluginStatus enable(String id) {
        PluginStatus status = find(id).orElseThrow(() -> new PluginOperationException("no plugin '" + id + "' is installed"));
        if (status.state() == PluginState.STARTED) {
            return status;
        }
        if (manager.getPlugin(id) == null || !manager.getPlugin(id).getPluginPath().equals(status.jar())) {
            throw new PluginOperationException("plugin '" + id + "' cannot be enabled: " + status.reason().orElse("it is not loaded"));
        }
        store.setEnabled(id, status.version(), true);
        LOG.info("Plugin {} {}: enabled", id, status.version());
        return start(status);
    }

    /** Stops a plugin and keeps it off across restarts; its data stays. */
    public synchronized PluginStatus disable(String id) {
        PluginStatus status = find(id).orElseThrow(() -> new PluginOperationException("no plugin '" + id + "' is installed"));
        if (manager.getPlugin(id) == null) {
            throw new PluginOperationException("plugin '" + id + "' cannot be disabled: it is not loaded");
        }
        refuseIfQueue(id, "disabled");
        stop(id);
        migrationFailures.remove(id);
        store.setEnabled(id, status.version(), false);
        LOG.info("Plugin {} {}: disabled", id, status.version());
        return update(status.with(PluginState.DISABLED, "disabled by an operator"));
    }

    /**
     * Installs a plugin jar while the server runs: copies it into the plugins directory, replacing an
     * installed version of the same plugin (upgrade), then loads it and starts it unless disabled.
     */
    public synchronized PluginStatus install(Path jar) {
        requireNonNull(jar, "jar is null");
        PluginDescriptor descriptor = jars.descriptor(jar)
                .orElseThrow(() -> new PluginOperationException(jar.getFileName() + " is not a plugin jar: " + jars.whyUnreadable(jar)));
        String id = descriptor.getPluginId();
        refuseIfQueue(id, "replaced");
        if (!manager.satisfiesRequires(descriptor)) {
            throw new PluginOperationException(requiresMessage(descriptor));
        }
        Path target = pluginsDir.resolve(id + "-" + descriptor.getVersion() + ".jar");
        try {
            Files.createDirectories(pluginsDir);
            Path staged = Files.copy(jar, pluginsDir.resolve("." + target.getFileName() + ".installing"),
                    StandardCopyOption.REPLACE_EXISTING);
            Optional<PluginStatus> previous = find(id);
            if (previous.isPresent()) {
                unload(previous.get());
                if (!previous.get().jar().equals(target)) {
                    Files.deleteIfExists(previous.get().jar());
                }
            }
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + jar + " into " + pluginsDir, e);
        }
        LOG.info("Plugin {} {}: installed as {}", id, descriptor.getVersion(), target);
        PluginStatus loaded = load(target);
        return loaded.state() == PluginState.LOADED ? startOrKeepDisabled(loaded) : loaded;
    }

    /**
     * Uninstalls a plugin while the server runs: stops and unloads it and deletes its jar. Its tables
     * and data stay (there is no purge yet). Refused while another installed plugin depends on it.
     */
    public synchronized void uninstall(String id) {
        PluginStatus status = find(id).orElseThrow(() -> new PluginOperationException("no plugin '" + id + "' is installed"));
        refuseIfQueue(id, "uninstalled");
        List<String> dependents = manager.getPlugins().stream()
                .filter(w -> w.getDescriptor().getDependencies().stream().anyMatch(d -> d.getPluginId().equals(id)))
                .map(PluginWrapper::getPluginId).sorted().toList();
        if (!dependents.isEmpty()) {
            throw new PluginOperationException("plugin '" + id + "' is needed by " + String.join(", ", dependents)
                    + "; uninstall those first");
        }
        unload(status);
        try {
            Files.deleteIfExists(status.jar());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + status.jar(), e);
        }
        store.forget(id);
        LOG.info("Plugin {} {}: uninstalled ({} deleted; its data stays)", id, status.version(), status.jar().getFileName());
    }

    /** The plugin that provides the server's queue, when one does. */
    public Optional<String> queuePlugin() {
        return Optional.ofNullable(queuePluginId);
    }

    private void refuseIfQueue(String id, String verb) {
        if (id.equals(queuePluginId)) {
            throw new PluginOperationException("plugin '" + id + "' cannot be " + verb + " while the server runs: it provides"
                    + " the server's queue (CT_OPS_QUEUE=" + queueName + "), which ingest and every consumer use;"
                    + " change CT_OPS_QUEUE and restart first");
        }
    }

    /**
     * Stops every running plugin, newest first, keeping their classes loaded (a plugin's queue is
     * closed after this, and still needs them). Idempotent.
     */
    public synchronized void stopAll() {
        List<String> ids = new ArrayList<>(running.keySet());
        Collections.reverse(ids);
        for (String id : ids) {
            stop(id);
            find(id).ifPresent(status -> update(status.with(PluginState.STOPPED, null), false));
        }
    }

    /** Stops every running plugin and unloads them all. Idempotent. */
    @Override
    public synchronized void close() {
        stopAll();
        manager.unloadPlugins();
    }

    private PluginServices context(String id) {
        return contexts.computeIfAbsent(id, key -> new PluginServices(key,
                Optional.ofNullable(manager.getPlugin(key)).map(w -> w.getDescriptor().getVersion()).orElse("unknown"),
                dataSource, this::serverQueue, clock, pluginsDataDir));
    }

    private QueuePublisher serverQueue() {
        QueuePublisher open = queue;
        if (open == null) {
            throw new IllegalStateException("the server's queue is not open yet");
        }
        return open;
    }

    private PluginStatus load(Path jar) {
        String fileName = jar.getFileName().toString();
        Optional<PluginDescriptor> read = jars.descriptor(jar);
        if (read.isEmpty()) {
            return fail(new PluginStatus(fileName, "unknown", PluginState.FAILED, Optional.empty(), jar),
                    "not a plugin jar: " + jars.whyUnreadable(jar));
        }
        PluginDescriptor descriptor = read.get();
        PluginStatus status = new PluginStatus(descriptor.getPluginId(), descriptor.getVersion(), PluginState.LOADED,
                Optional.empty(), jar);
        PluginWrapper existing = manager.getPlugin(descriptor.getPluginId());
        if (existing != null) {
            return fail(status, "duplicate plugin id '" + descriptor.getPluginId() + "': already loaded from "
                    + existing.getPluginPath().getFileName(), false);
        }
        if (!manager.satisfiesRequires(descriptor)) {
            return fail(status, requiresMessage(descriptor));
        }
        for (PluginDependency dependency : descriptor.getDependencies()) {
            if (!dependency.isOptional() && manager.getPlugin(dependency.getPluginId()) == null) {
                return fail(status, "requires plugin '" + dependency.getPluginId() + "' which is not installed");
            }
        }
        try {
            manager.loadPlugin(jar);
        } catch (RuntimeException e) {
            return fail(status, "cannot be loaded: " + e.getMessage());
        }
        if (manager.getPlugin(descriptor.getPluginId()) == null) {
            return fail(status, "its dependencies could not be resolved");
        }
        LOG.info("Plugin {} {}: loaded from {}", status.id(), status.version(), jar);
        return update(status);
    }

    private PluginStatus startOrKeepDisabled(PluginStatus status) {
        if (!store.isEnabled(status.id())) {
            LOG.info("Plugin {} {}: disabled by an operator, not started", status.id(), status.version());
            return update(status.with(PluginState.DISABLED, "disabled by an operator"));
        }
        return start(status);
    }

    private PluginStatus start(PluginStatus status) {
        String id = status.id();
        PluginWrapper wrapper = manager.getPlugin(id);
        ClassLoader loader = wrapper.getPluginClassLoader();
        PluginServices context = context(id);
        List<PluginLifecycleListener> notified = new ArrayList<>();
        try {
            Map<Class<?>, List<Class<?>>> classes =
                    PluginExtensions.classes(manager.getExtensionClassNames(id), loader, EXTENSION_POINTS);
            for (SchemaMigrations migrations : PluginExtensions.create(SchemaMigrations.class,
                    classes.getOrDefault(SchemaMigrations.class, List.of()), context)) {
                MigrationResult result;
                try {
                    result = migrator.migratePlugin(dataSource, id, loader, migrations.location());
                    migrationFailures.remove(id);
                } catch (MigrationFailedException e) {
                    migrationFailures.put(id, e.getMessage());
                    throw e;
                }
                LOG.info("Plugin {} {}: migrated {} ({} script(s) applied, schema version {})", id, status.version(),
                        migrations.location(), result.applied(), result.currentVersion());
            }
            if (classes.getOrDefault(RestResource.class, List.of()).size() > 1) {
                throw new PluginFailure("has " + classes.get(RestResource.class).size()
                        + " RestResource extensions; a plugin mounts one root resource");
            }
            manager.startPlugin(id);
            if (!wrapper.getPluginState().isStarted()) {
                throw new PluginFailure("did not start (state " + wrapper.getPluginState() + ")");
            }
            Map<Class<?>, List<?>> extensions = new LinkedHashMap<>();
            for (Class<?> point : EXTENSION_POINTS) {
                if (point != SchemaMigrations.class) {
                    extensions.put(point, PluginExtensions.create(point, classes.getOrDefault(point, List.of()), context));
                }
            }
            RunningPlugin plugin = new RunningPlugin(id, status.version(), context, loader, extensions);
            for (PluginLifecycleListener listener : listeners) {
                listener.started(plugin);
                notified.add(listener);
            }
            running.put(id, plugin);
            LOG.info("Plugin {} {}: started", id, status.version());
            return update(status.with(PluginState.STARTED, null));
        } catch (RuntimeException | LinkageError e) {
            Collections.reverse(notified);
            RunningPlugin partial = new RunningPlugin(id, status.version(), context, loader, Map.of());
            notified.forEach(listener -> stopQuietly(listener, partial));
            stopPluginQuietly(id);
            return fail(status, reasonOf(e));
        }
    }

    private void stop(String id) {
        RunningPlugin plugin = running.remove(id);
        if (plugin != null) {
            List<PluginLifecycleListener> reversed = new ArrayList<>(listeners);
            Collections.reverse(reversed);
            reversed.forEach(listener -> stopQuietly(listener, plugin));
            LOG.info("Plugin {} {}: stopped", id, plugin.version());
        }
        stopPluginQuietly(id);
    }

    private void unload(PluginStatus status) {
        if (manager.getPlugin(status.id()) != null && manager.getPlugin(status.id()).getPluginPath().equals(status.jar())) {
            stop(status.id());
            manager.unloadPlugin(status.id());
            contexts.remove(status.id());
            migrationFailures.remove(status.id());
        }
        statuses.remove(status.jar());
    }

    private void stopQuietly(PluginLifecycleListener listener, RunningPlugin plugin) {
        try {
            listener.stopping(plugin);
        } catch (RuntimeException e) {
            LOG.warn("Plugin {}: {} failed to release it: {}", plugin.id(), listener.getClass().getSimpleName(), e.toString());
        }
    }

    private void stopPluginQuietly(String id) {
        try {
            if (manager.getPlugin(id) != null) {
                manager.stopPlugin(id);
            }
        } catch (RuntimeException e) {
            LOG.warn("Plugin {}: stop() threw {}", id, e.toString());
        }
    }

    private PluginStatus fail(PluginStatus status, String reason) {
        return fail(status, reason, true);
    }

    private PluginStatus fail(PluginStatus status, String reason, boolean persist) {
        LOG.error("Plugin {} {} ({}): FAILED: {}", status.id(), status.version(), status.jar().getFileName(), reason);
        return update(status.with(PluginState.FAILED, reason), persist && !status.version().equals("unknown"));
    }

    private PluginStatus update(PluginStatus status) {
        return update(status, true);
    }

    private PluginStatus update(PluginStatus status, boolean persist) {
        statuses.put(status.jar(), status);
        if (persist) {
            try {
                store.record(status);
            } catch (RuntimeException e) {
                LOG.warn("Plugin {}: state {} not recorded in the database: {}", status.id(), status.state(), e.toString());
            }
        }
        return status;
    }

    private Optional<PluginStatus> find(String id) {
        PluginWrapper loaded = manager.getPlugin(id);
        if (loaded != null && statuses.containsKey(loaded.getPluginPath())) {
            return Optional.of(statuses.get(loaded.getPluginPath()));
        }
        return statuses.values().stream().filter(s -> s.id().equals(id)).reduce((first, last) -> last);
    }

    private String requiresMessage(PluginDescriptor descriptor) {
        return "requires SDK " + descriptor.getRequires() + " but this server provides SDK " + sdkVersion;
    }

    private static String reasonOf(Throwable e) {
        if (e instanceof PluginFailure) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return root == e ? message : message + " (caused by " + root + ")";
    }
}
