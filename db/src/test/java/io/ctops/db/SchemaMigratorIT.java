package io.ctops.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorIT {

    private final SchemaMigrator migrator = new SchemaMigrator();
    private ScratchDatabase database;
    private ConnectionPool pool;

    @TempDir
    Path pluginJar;

    @BeforeEach
    void createDatabase() {
        database = ScratchDatabase.create();
        pool = ConnectionPool.open(database.url(), "migrator-test", 2);
    }

    @AfterEach
    void dropDatabase() {
        pool.close();
        database.close();
    }

    /** The versions of the core scripts shipped in db/migration/core, in order. */
    private static List<String> coreVersions() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration/core"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                    .toList();
        }
    }

    @Test
    void coreMigratesOnceAndIsThenUpToDate() throws Exception {
        assertFalse(migrator.isCoreUpToDate(pool.dataSource()));
        List<String> versions = coreVersions();
        String latest = versions.get(versions.size() - 1);
        assertEquals(new MigrationResult("core", versions.size(), latest), migrator.migrateCore(pool.dataSource()));
        assertTrue(migrator.isCoreUpToDate(pool.dataSource()));
        assertEquals(List.of("organisation", "plugin_state"), tables("organisation", "plugin_state"));
        assertEquals(new MigrationResult("core", 0, latest), migrator.migrateCore(pool.dataSource()));
    }

    @Test
    void pluginMigratesIntoItsOwnHistoryTableThroughItsClassLoader() throws Exception {
        migrator.migrateCore(pool.dataSource());
        try (URLClassLoader loader = plugin("db/migration/acme-widgets",
                "V1__widgets.sql", "CREATE TABLE widget (id bigint PRIMARY KEY, name text NOT NULL);",
                "V2__colour.sql", "ALTER TABLE widget ADD COLUMN colour text;")) {
            MigrationResult first = migrator.migratePlugin(pool.dataSource(), "acme-widgets", loader, "db/migration/acme-widgets");
            assertEquals(new MigrationResult("acme-widgets", 2, "2"), first);
            assertEquals(0, migrator.migratePlugin(pool.dataSource(), "acme-widgets", loader, "db/migration/acme-widgets").applied());
        }
        assertEquals(List.of("widget"), tables("widget"));
        assertEquals(List.of("0", "1", "2"), column("SELECT version FROM flyway_history_acme_widgets ORDER BY installed_rank"));
        assertEquals(coreVersions(), column("SELECT version FROM flyway_history_core ORDER BY installed_rank"));
        assertTrue(migrator.isCoreUpToDate(pool.dataSource()));
    }

    @Test
    void brokenPluginMigrationNamesTheScriptAndLeavesCoreIntact() throws Exception {
        migrator.migrateCore(pool.dataSource());
        MigrationFailedException e;
        try (URLClassLoader loader = plugin("db/migration/broken",
                "V1__half_done.sql", "CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;")) {
            e = assertThrows(MigrationFailedException.class,
                    () -> migrator.migratePlugin(pool.dataSource(), "broken", loader, "db/migration/broken"));
        }
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("plugin 'broken'"), e.getMessage());
        assertTrue(e.getMessage().contains("V1__half_done.sql"), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
        assertEquals(List.of(), tables("half_done"));
        assertEquals(List.of("organisation", "plugin_state"), tables("organisation", "plugin_state"));
        assertEquals(coreVersions().stream().map(v -> v + "|true").toList(),
                column("SELECT version || '|' || success FROM flyway_history_core ORDER BY installed_rank"));
        assertTrue(migrator.isCoreUpToDate(pool.dataSource()));
    }

    @Test
    void coreFailureIsReportedAsCore() {
        try (ConnectionPool dead = ConnectionPool.open(database.url(), "dead", 1)) {
            dead.close();
            MigrationFailedException e = assertThrows(MigrationFailedException.class,
                    () -> migrator.migrateCore(dead.dataSource()));
            assertTrue(e.getMessage().startsWith("Migration of core failed"), e.getMessage());
            assertFalse(migrator.isCoreUpToDate(dead.dataSource()));
        }
    }

    @Test
    void pluginIdsThatWouldClashAreRefused() {
        assertEquals("flyway_history_acme_x_1", SchemaMigrator.historyTable("Acme.X-1"));
        assertThrows(IllegalArgumentException.class, () -> SchemaMigrator.historyTable("core"));
        assertThrows(IllegalArgumentException.class, () -> SchemaMigrator.historyTable(" "));
        assertThrows(IllegalArgumentException.class, () -> SchemaMigrator.historyTable("x".repeat(49)));
    }

    /** A class loader over a folder laid out like a plugin jar holding the given scripts. */
    private URLClassLoader plugin(String location, String... namesAndScripts) throws IOException {
        Path dir = Files.createDirectories(pluginJar.resolve(location));
        for (int i = 0; i < namesAndScripts.length; i += 2) {
            Files.writeString(dir.resolve(namesAndScripts[i]), namesAndScripts[i + 1]);
        }
        return new URLClassLoader(new URL[] {pluginJar.toUri().toURL()}, getClass().getClassLoader());
    }

    private List<String> tables(String... names) throws SQLException {
        return column("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('"
                + String.join("','", names) + "') ORDER BY table_name");
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = pool.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
