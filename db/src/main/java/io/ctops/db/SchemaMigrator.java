package io.ctops.db;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Flyway migrations: the core schema ({@code classpath:db/migration/core}, history table
 * {@code flyway_history_core}) and each plugin's own scripts, kept in a history table of its own.
 * Flyway holds two connections at once while it migrates: a pool needs at least two.
 */
public final class SchemaMigrator {

    /** Where the core migrations are on the class path. */
    public static final String CORE_LOCATION = "classpath:db/migration/core";
    /** The core schema's Flyway history table. */
    public static final String CORE_HISTORY_TABLE = "flyway_history_core";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final int MAX_TABLE_NAME = 63; // PostgreSQL's NAMEDATALEN - 1

    /** Migrates the core schema. */
    public MigrationResult migrateCore(DataSource dataSource) {
        requireNonNull(dataSource, "dataSource is null");
        return migrate("core", "core", coreFlyway(dataSource));
    }

    /**
     * Migrates a plugin's schema from {@code location} (e.g. {@code db/migration/monitoring}),
     * found through {@code pluginClassLoader}, into the history table {@link #historyTable(String)}.
     * The first run baselines the plugin at version 0, so its V1 applies on a schema that
     * already holds the core tables.
     */
    public MigrationResult migratePlugin(DataSource dataSource, String pluginId, ClassLoader pluginClassLoader,
            String location) {
        requireNonNull(dataSource, "dataSource is null");
        requireNonNull(pluginClassLoader, "pluginClassLoader is null");
        requireNonNull(location, "location is null");
        String table = historyTable(pluginId);
        Flyway flyway = Flyway.configure(pluginClassLoader)
                .dataSource(dataSource)
                .locations(location)
                .table(table)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("plugin " + pluginId)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .load();
        return migrate(pluginId, "plugin '" + pluginId + "'", flyway);
    }

    /**
     * Whether every core migration is applied and none failed; {@code false} as well when the
     * database cannot be asked (for the health check).
     */
    public boolean isCoreUpToDate(DataSource dataSource) {
        requireNonNull(dataSource, "dataSource is null");
        try {
            MigrationInfoService info = coreFlyway(dataSource).info();
            return info.pending().length == 0
                    && Arrays.stream(info.all()).noneMatch(m -> m.getState().isFailed());
        } catch (FlywayException e) {
            LOG.warn("Cannot read the core schema history: {}", firstLine(e.getMessage()));
            return false;
        }
    }

    /** The Flyway history table of a plugin: {@code flyway_history_<id, lower case, [^a-z0-9_] as _>}. */
    public static String historyTable(String pluginId) {
        requireNonNull(pluginId, "pluginId is null");
        String table = "flyway_history_" + pluginId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (pluginId.isBlank() || table.equals(CORE_HISTORY_TABLE) || table.length() > MAX_TABLE_NAME) {
            throw new IllegalArgumentException("plugin id cannot be used for a history table (empty, 'core' or over "
                    + (MAX_TABLE_NAME - 15) + " characters): " + pluginId);
        }
        return table;
    }

    private static Flyway coreFlyway(DataSource dataSource) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations(CORE_LOCATION)
                .table(CORE_HISTORY_TABLE)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .load();
    }

    private static MigrationResult migrate(String target, String label, Flyway flyway) {
        try {
            MigrateResult result = flyway.migrate();
            MigrationInfo current = flyway.info().current();
            String version = current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
            LOG.info("Migrated {}: {} migration(s) applied, now at version {}", label, result.migrationsExecuted, version);
            return new MigrationResult(target, result.migrationsExecuted, version);
        } catch (FlywayException e) {
            throw new MigrationFailedException(describe(label, e), e);
        }
    }

    private static String describe(String label, FlywayException e) {
        String script = null;
        if (e instanceof FlywayMigrateException migrate && migrate.getMigration() != null) {
            script = migrate.getMigration().getScript();
        }
        SQLException sql = null;
        for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        String error = sql == null ? firstLine(e.getMessage())
                : firstLine(sql.getMessage()) + (sql.getSQLState() == null ? "" : " (SQLSTATE " + sql.getSQLState() + ")");
        return "Migration of " + label + " failed" + (script == null ? "" : " in " + script) + ": " + error;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
