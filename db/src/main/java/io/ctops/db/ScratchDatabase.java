package io.ctops.db;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fresh, uniquely named database ({@code ctops_test_<random>}) on a real PostgreSQL server, for
 * tests; {@link #close()} drops it. The server is the admin URL in the environment variable
 * {@value #ADMIN_URL_ENV}, by default {@value #DEFAULT_ADMIN_URL}.
 */
public final class ScratchDatabase implements AutoCloseable {

    /** The environment variable naming the admin URL (a role allowed to create databases). */
    public static final String ADMIN_URL_ENV = "CT_OPS_TEST_DATABASE_URL";
    /** The admin URL used when {@value #ADMIN_URL_ENV} is unset. */
    public static final String DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseUrl admin;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ScratchDatabase(DatabaseUrl admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    /** Creates a scratch database on the server named by {@value #ADMIN_URL_ENV}. */
    public static ScratchDatabase create() {
        String env = System.getenv(ADMIN_URL_ENV);
        return create(DatabaseUrl.parse(env == null || env.isBlank() ? DEFAULT_ADMIN_URL : env));
    }

    /** Creates a scratch database on the server that {@code adminUrl} logs in to. */
    public static ScratchDatabase create(DatabaseUrl adminUrl) {
        requireNonNull(adminUrl, "adminUrl is null");
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String name = "ctops_test_" + HexFormat.of().formatHex(random);
        execute(adminUrl, "CREATE DATABASE " + name);
        return new ScratchDatabase(adminUrl, name);
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** How to log in to the scratch database (the admin's credentials). */
    public DatabaseUrl url() {
        return admin.withDatabase(name);
    }

    /** Drops the database, disconnecting whoever is still connected; calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void execute(DatabaseUrl url, String sql) {
        Properties login = new Properties();
        if (url.user() != null) {
            login.setProperty("user", url.user());
        }
        if (url.password() != null) {
            login.setProperty("password", url.password());
        }
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), login);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on " + url.jdbcUrl() + " (set "
                    + ADMIN_URL_ENV + " to a PostgreSQL admin URL): " + e.getMessage(), e);
        }
    }
}
