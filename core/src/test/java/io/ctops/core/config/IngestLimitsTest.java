package io.ctops.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestLimitsTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        IngestLimits limits = ServerConfig.fromEnvironment(Map.of("CT_OPS_MODE", "development")).ingestLimits();
        assertEquals(IngestLimits.defaults(), limits);
        assertEquals(4 * 1024 * 1024, limits.maxMessageBytes());
        assertEquals(2 * 1024 * 1024, limits.maxHeartbeatBytes());
        assertEquals(Duration.ofSeconds(10), limits.handshakeTimeout());
        assertEquals(Duration.ZERO, limits.maxConnectionAge());
    }

    @Test
    void readsEveryVariable() {
        IngestLimits limits = IngestLimits.fromEnvironment(Map.of(
                "CT_OPS_GRPC_MAX_MESSAGE_BYTES", "1048576", "CT_OPS_GRPC_MAX_HEARTBEAT_BYTES", "524288",
                "CT_OPS_GRPC_HANDSHAKE_TIMEOUT_SECS", "3", "CT_OPS_GRPC_MAX_CONNECTION_IDLE_SECS", "0",
                "CT_OPS_GRPC_MAX_CONNECTION_AGE_SECS", "86400", "CT_OPS_GRPC_MAX_CONNECTION_AGE_GRACE_SECS", "60",
                "CT_OPS_GRPC_MAX_CALLS_PER_CONNECTION", "4"));
        assertEquals(new IngestLimits(1048576, 524288, Duration.ofSeconds(3), Duration.ZERO, Duration.ofDays(1),
                Duration.ofMinutes(1), 4), limits);
    }

    @Test
    void aSmallerMessageLimitLowersTheDefaultHeartbeatLimitWithIt() {
        IngestLimits limits = IngestLimits.fromEnvironment(Map.of("CT_OPS_GRPC_MAX_MESSAGE_BYTES", "1048576"));
        assertEquals(1048576, limits.maxHeartbeatBytes());
    }

    @Test
    void refusesValuesOutOfRangeNamingTheVariable() {
        ConfigException large = assertThrows(ConfigException.class, () -> IngestLimits.fromEnvironment(Map.of(
                "CT_OPS_GRPC_MAX_MESSAGE_BYTES", "1048576", "CT_OPS_GRPC_MAX_HEARTBEAT_BYTES", "2097152")));
        assertTrue(large.getMessage().startsWith("CT_OPS_GRPC_MAX_HEARTBEAT_BYTES: 2097152 is outside 65536-1048576"),
                large.getMessage());
        ConfigException zero = assertThrows(ConfigException.class,
                () -> IngestLimits.fromEnvironment(Map.of("CT_OPS_GRPC_HANDSHAKE_TIMEOUT_SECS", "0")));
        assertTrue(zero.getMessage().startsWith("CT_OPS_GRPC_HANDSHAKE_TIMEOUT_SECS:"), zero.getMessage());
        ConfigException text = assertThrows(ConfigException.class,
                () -> IngestLimits.fromEnvironment(Map.of("CT_OPS_GRPC_MAX_CALLS_PER_CONNECTION", "many")));
        assertEquals("CT_OPS_GRPC_MAX_CALLS_PER_CONNECTION: 'many' is not a whole number", text.getMessage());
    }
}
