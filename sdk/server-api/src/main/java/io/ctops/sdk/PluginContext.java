package io.ctops.sdk;

import io.ctops.sdk.queue.QueuePublisher;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * The platform services a plugin may use. The server hands one context to each plugin: to its
 * {@link CtopsPlugin} and to every extension or view whose constructor takes a {@code PluginContext}.
 * A plugin never reaches server classes directly; everything it needs comes through here.
 */
public interface PluginContext {

    /** The plugin's id, as in its manifest ({@code Plugin-Id}). */
    String pluginId();

    /** The plugin's version, as in its manifest ({@code Plugin-Version}). */
    String pluginVersion();

    /** The server's database; the plugin's own tables are created by its {@link io.ctops.sdk.migration.SchemaMigrations}. */
    DataSource dataSource();

    /** A jOOQ context over {@link #dataSource()} in the PostgreSQL dialect. */
    DSLContext dsl();

    /** Publishes messages on queue topics. */
    QueuePublisher queue();

    /** The clock to use for timestamps (tests may fix it). */
    Clock clock();

    /** A directory that belongs to this plugin alone, created on first use and kept across restarts. */
    Path dataDir();

    /**
     * Who is calling, while the server runs a plugin's REST resource (the API key's user) or builds
     * a plugin's view (the signed-in user); empty in consumers, jobs and other background work.
     */
    default java.util.Optional<io.ctops.sdk.access.Caller> caller() {
        return java.util.Optional.empty();
    }

    /**
     * The server's hosts, read-only and scoped by organisation; a plugin checks with it that a host
     * belongs to the caller's organisation before it answers anything about it.
     */
    default io.ctops.sdk.fleet.Hosts hosts() {
        throw new UnsupportedOperationException("this server does not offer hosts() to plugins");
    }
}
