package io.ctops.core.plugin;

import static java.util.Objects.requireNonNull;

import io.ctops.sdk.PluginContext;
import io.ctops.sdk.queue.QueuePublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** The server's implementation of {@link PluginContext} for one plugin. */
final class PluginServices implements PluginContext {

    private final String pluginId;
    private final String pluginVersion;
    private final DataSource dataSource;
    private final DSLContext dsl;
    private final Supplier<QueuePublisher> queue;
    private final Clock clock;
    private final Path dataDir;
    private final PluginHostLookup hosts;

    /** @param queue the server's queue; it opens after the plugin that provides it was created */
    PluginServices(String pluginId, String pluginVersion, DataSource dataSource, Supplier<QueuePublisher> queue, Clock clock,
                   Path pluginsDataDir) {
        this.pluginId = requireNonNull(pluginId, "pluginId is null");
        this.pluginVersion = requireNonNull(pluginVersion, "pluginVersion is null");
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        this.queue = requireNonNull(queue, "queue is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.dataDir = pluginsDataDir.resolve(pluginId);
        this.hosts = new PluginHostLookup(dsl);
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public String pluginVersion() {
        return pluginVersion;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public DSLContext dsl() {
        return dsl;
    }

    @Override
    public QueuePublisher queue() {
        return queue.get();
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Path dataDir() {
        try {
            return Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory of plugin " + pluginId, e);
        }
    }

    @Override
    public io.ctops.sdk.fleet.Hosts hosts() {
        return hosts;
    }

    @Override
    public java.util.Optional<io.ctops.sdk.access.Caller> caller() {
        return io.ctops.core.access.CurrentCaller.caller();
    }
}
