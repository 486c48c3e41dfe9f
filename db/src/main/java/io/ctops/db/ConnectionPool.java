package io.ctops.db;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/** A pool of connections to one PostgreSQL database (HikariCP). */
public final class ConnectionPool implements AutoCloseable {

    private final HikariDataSource dataSource;

    private ConnectionPool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens a pool of at most {@code maxSize} connections and checks that one can be made.
     *
     * @throws IllegalStateException if the database cannot be reached or refuses the login
     */
    public static ConnectionPool open(DatabaseUrl url, String poolName, int maxSize) {
        requireNonNull(url, "url is null");
        requireNonNull(poolName, "poolName is null");
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1: " + maxSize);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setPoolName(poolName);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(Math.min(2, maxSize));
        config.setConnectionTimeout(10_000);
        try {
            return new ConnectionPool(new HikariDataSource(config));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot connect pool '" + poolName + "' to " + url.jdbcUrl()
                    + " as " + url.user() + ": " + root.getMessage(), e);
        }
    }

    /** The pooled data source; closing a connection returns it to the pool. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether a connection can be had and answers a validity check within {@code timeout}. */
    public boolean isReachable(Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        if (dataSource.isClosed()) {
            return false;
        }
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(seconds);
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        }, task -> {
            Thread thread = new Thread(task, "ctops-db-reachable");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes every connection; calling it again does nothing. */
    @Override
    public void close() {
        dataSource.close();
    }
}
