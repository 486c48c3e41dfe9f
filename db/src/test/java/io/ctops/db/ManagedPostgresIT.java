package io.ctops.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagedPostgresIT {

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        // Not @TempDir: that is mode 0700, which the unprivileged user PostgreSQL runs as (under root) cannot enter.
        dataDir = Files.createTempDirectory("ctops-managed-pg");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void startsStopsAndKeepsDataAcrossRestarts() throws Exception {
        Path cluster = dataDir.resolve("postgres");
        DatabaseUrl first;
        try (ManagedPostgres pg = ManagedPostgres.start(cluster)) {
            first = pg.url();
            assertEquals("ctops", first.user());
            assertTrue(first.jdbcUrl().matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/ctops"), first.jdbcUrl());
            execute(first, "CREATE TABLE note (text text); INSERT INTO note VALUES ('survives')");
            pg.stop();
            pg.stop();
            assertThrows(SQLException.class, () -> query(first, "SELECT 1"));
        }
        Path passwordFile = dataDir.resolve("postgres.password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        assertEquals(first.password(), Files.readString(passwordFile).strip());
        assertFalse(Files.readString(dataDir.resolve("postgres.log")).contains(first.password()));
        assertThrows(SQLException.class, () -> DriverManager.getConnection(first.jdbcUrl(), "ctops", "wrong"));

        try (ManagedPostgres again = ManagedPostgres.start(cluster)) {
            assertEquals(first, again.url());
            assertEquals("survives", query(again.url(), "SELECT text FROM note"));
        }
    }

    @Test
    void reusesALiveServerAndRecoversFromACrash() throws Exception {
        Path cluster = dataDir.resolve("pg");
        ManagedPostgres first = ManagedPostgres.start(cluster);
        try (ManagedPostgres second = ManagedPostgres.start(cluster)) {
            assertEquals(first.url(), second.url());
            assertEquals("1", query(second.url(), "SELECT 1"));
            long pid = Long.parseLong(Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).strip());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().get();
            assertTrue(Files.exists(cluster.resolve("postmaster.pid")), "a crash leaves postmaster.pid behind");
        }
        try (ManagedPostgres third = ManagedPostgres.start(cluster)) {
            assertEquals("1", query(third.url(), "SELECT 1"));
            String newPid = Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).strip();
            assertNotEquals("", newPid);
        }
        first.stop();
    }

    @Test
    void unusableDirectoryGivesAClearError() throws IOException {
        Path file = Files.writeString(dataDir.resolve("not-a-directory"), "x");
        ManagedPostgresException e = assertThrows(ManagedPostgresException.class,
                () -> ManagedPostgres.start(file.resolve("postgres")));
        assertTrue(e.getMessage().contains(file.resolve("postgres").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("DATABASE_URL"), e.getMessage());

        Path foreign = Files.createDirectories(dataDir.resolve("foreign"));
        Files.writeString(foreign.resolve("README"), "someone else's files");
        e = assertThrows(ManagedPostgresException.class, () -> ManagedPostgres.start(foreign));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertTrue(Files.exists(foreign.resolve("README")));
        assertEquals(Files.getOwner(dataDir), Files.getOwner(foreign), "a foreign directory is left as it was");
        assertFalse(Files.exists(dataDir.resolve("foreign.password")));
    }

    @Test
    void packagedBinariesWorkWhenNoneAreInstalled() throws Exception {
        Path cluster = dataDir.resolve("packaged");
        DatabaseUrl url;
        try (ManagedPostgres pg = ManagedPostgres.start(cluster, true)) {
            url = pg.url();
            execute(url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
            assertTrue(query(url, "SHOW server_version").startsWith("15."));
        }
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url.jdbcUrl(), url.user(), "wrong"));
        try (ManagedPostgres again = ManagedPostgres.start(cluster, true)) {
            assertEquals("42", query(again.url(), "SELECT n FROM kept"));
        }
    }

    private static void execute(DatabaseUrl url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            c.createStatement().execute(sql);
        }
    }

    private static String query(DatabaseUrl url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
