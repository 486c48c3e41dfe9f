package io.ctops.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionPoolIT {

    @Test
    void reachableWhileOpenAndNotAfterClose() throws SQLException {
        try (ScratchDatabase database = ScratchDatabase.create()) {
            ConnectionPool pool = ConnectionPool.open(database.url(), "pool-test", 3);
            assertTrue(pool.isReachable(Duration.ofSeconds(5)));
            try (Connection c = pool.dataSource().getConnection();
                    ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
                rs.next();
                assertEquals(database.name(), rs.getString(1));
            }
            pool.close();
            pool.close();
            assertFalse(pool.isReachable(Duration.ofSeconds(1)));
        }
    }

    @Test
    void unreachableServerFailsWithoutShowingThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        DatabaseUrl url = DatabaseUrl.parse("postgresql://ops:hunter2@127.0.0.1:" + port + "/nothing");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConnectionPool.open(url, "dead", 1));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void scratchDatabaseIsDroppedOnCloseEvenWhileConnected() throws SQLException {
        ScratchDatabase database = ScratchDatabase.create();
        DatabaseUrl url = database.url();
        try (Connection open = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            database.close();
            database.close();
            assertFalse(open.isValid(2));
        }
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password()));
    }
}
