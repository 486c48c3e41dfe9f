package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckResult;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against real sockets on the loopback interface. */
class PortCheckExecutorTest {

    private final PortCheckExecutor executor = new PortCheckExecutor(Checks.context());

    @Test
    void anOpenPortIsOkWithTheConnectTime() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CheckResult result = executor.run(Checks.definition("port",
                    Map.of("host", "127.0.0.1", "port", Integer.toString(server.getLocalPort()))));

            assertEquals(CheckResult.State.STATE_OK, result.getState(), result.getOutput());
            assertTrue(result.getOutput().matches("TCP 127\\.0\\.0\\.1:\\d+ connected in \\d+ ms"), result.getOutput());
            assertEquals("port-1", result.getCheckId());
            assertTrue(result.getCheckedAt().getSeconds() > 0);
        }
    }

    @Test
    void aClosedPortIsCriticalWithTheReason() throws Exception {
        int closed;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = server.getLocalPort();
        }

        CheckResult result = executor.run(Checks.definition("port",
                Map.of("host", "127.0.0.1", "port", Integer.toString(closed), "timeout_ms", "2000")));

        assertEquals(CheckResult.State.STATE_CRITICAL, result.getState());
        assertTrue(result.getOutput().startsWith("TCP 127.0.0.1:" + closed + " not reachable: "), result.getOutput());
        assertTrue(result.getOutput().toLowerCase().contains("refused"), result.getOutput());
    }

    @Test
    void aHostNameThatDoesNotResolveIsCritical() throws Exception {
        CheckResult result = executor.run(Checks.definition("port",
                Map.of("host", "no-such-host.invalid", "port", "80")));

        assertEquals(CheckResult.State.STATE_CRITICAL, result.getState());
        assertEquals("cannot resolve host no-such-host.invalid", result.getOutput());
    }

    @Test
    void badSettingsAreUnknownWithWhatIsWrong() throws Exception {
        assertEquals("invalid settings: port is missing", executor.run(Checks.definition("port",
                Map.of("host", "db-1"))).getOutput());
        assertEquals("invalid settings: port must be a whole number from 1 to 65535, not \"70000\"",
                executor.run(Checks.definition("port", Map.of("host", "db-1", "port", "70000"))).getOutput());
        assertEquals("invalid settings: host is missing",
                executor.run(Checks.definition("port", Map.of("port", "5432"))).getOutput());
        CheckResult typo = executor.run(Checks.definition("port", Map.of("host", "db-1", "port", "5432",
                "timout_ms", "10")));
        assertEquals(CheckResult.State.STATE_UNKNOWN, typo.getState());
        assertEquals("invalid settings: unknown setting(s) timout_ms; known: host, port, timeout_ms", typo.getOutput());

        IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class, () -> executor.validate(
                Checks.definition("port", Map.of("host", "db-1", "port", "x", "timeout_ms", "3000"))));
        assertEquals("port must be a whole number from 1 to 65535, not \"x\"", rejected.getMessage());
    }
}
