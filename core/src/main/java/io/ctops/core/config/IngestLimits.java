package io.ctops.core.config;

import java.time.Duration;
import java.util.Map;

/**
 * What one agent connection may cost the gRPC port: the largest message and heartbeat, how long a
 * connection may take to start speaking HTTP/2, how long it may sit without calls, how long it may live,
 * and how many calls it may carry at once. Read from {@code CT_OPS_GRPC_*} (README, configuration).
 *
 * @param maxMessageBytes any inbound gRPC message ({@code CT_OPS_GRPC_MAX_MESSAGE_BYTES}, 4 MiB)
 * @param maxHeartbeatBytes one heartbeat ({@code CT_OPS_GRPC_MAX_HEARTBEAT_BYTES}, 2 MiB; at most the message limit)
 * @param handshakeTimeout TCP accept until the agent's HTTP/2 preface, TLS included ({@code CT_OPS_GRPC_HANDSHAKE_TIMEOUT_SECS}, 10)
 * @param maxConnectionIdle a connection without calls is closed after this ({@code CT_OPS_GRPC_MAX_CONNECTION_IDLE_SECS}, 300; 0 = never)
 * @param maxConnectionAge a connection is asked to go away after this ({@code CT_OPS_GRPC_MAX_CONNECTION_AGE_SECS}, 0 = never)
 * @param maxConnectionAgeGrace calls still open then get this long before the connection is cut
 *                              ({@code CT_OPS_GRPC_MAX_CONNECTION_AGE_GRACE_SECS}, 30)
 * @param maxCallsPerConnection concurrent calls (streams) on one connection ({@code CT_OPS_GRPC_MAX_CALLS_PER_CONNECTION}, 8)
 */
public record IngestLimits(int maxMessageBytes, int maxHeartbeatBytes, Duration handshakeTimeout,
                           Duration maxConnectionIdle, Duration maxConnectionAge, Duration maxConnectionAgeGrace,
                           int maxCallsPerConnection) {

    static final int MIN_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    public IngestLimits {
        check("CT_OPS_GRPC_MAX_MESSAGE_BYTES", maxMessageBytes, MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES);
        check("CT_OPS_GRPC_MAX_HEARTBEAT_BYTES", maxHeartbeatBytes, MIN_MESSAGE_BYTES, maxMessageBytes);
        check("CT_OPS_GRPC_HANDSHAKE_TIMEOUT_SECS", handshakeTimeout.toSeconds(), 1, 300);
        check("CT_OPS_GRPC_MAX_CONNECTION_IDLE_SECS", maxConnectionIdle.toSeconds(), 0, 86_400);
        check("CT_OPS_GRPC_MAX_CONNECTION_AGE_SECS", maxConnectionAge.toSeconds(), 0, 30L * 86_400);
        check("CT_OPS_GRPC_MAX_CONNECTION_AGE_GRACE_SECS", maxConnectionAgeGrace.toSeconds(), 0, 3_600);
        check("CT_OPS_GRPC_MAX_CALLS_PER_CONNECTION", maxCallsPerConnection, 1, 1_000);
    }

    /**
     * The defaults: a heartbeat of 1000 check results, each with the longest output our agent sends (1000
     * characters), still fits, and a real agent uses three calls at most at once (heartbeat, inventory, renewal). Connections are not aged by default,
     * because each reconnect ends a heartbeat stream, which marks the host offline for a moment.
     */
    public static IngestLimits defaults() {
        return new IngestLimits(4 * 1024 * 1024, 2 * 1024 * 1024, Duration.ofSeconds(10), Duration.ofMinutes(5),
                Duration.ZERO, Duration.ofSeconds(30), 8);
    }

    static IngestLimits fromEnvironment(Map<String, String> env) {
        IngestLimits d = defaults();
        int maxMessage = (int) number(env, "CT_OPS_GRPC_MAX_MESSAGE_BYTES", d.maxMessageBytes());
        return new IngestLimits(maxMessage,
                (int) number(env, "CT_OPS_GRPC_MAX_HEARTBEAT_BYTES", Math.min(d.maxHeartbeatBytes(), maxMessage)),
                Duration.ofSeconds(number(env, "CT_OPS_GRPC_HANDSHAKE_TIMEOUT_SECS", d.handshakeTimeout().toSeconds())),
                Duration.ofSeconds(number(env, "CT_OPS_GRPC_MAX_CONNECTION_IDLE_SECS", d.maxConnectionIdle().toSeconds())),
                Duration.ofSeconds(number(env, "CT_OPS_GRPC_MAX_CONNECTION_AGE_SECS", d.maxConnectionAge().toSeconds())),
                Duration.ofSeconds(number(env, "CT_OPS_GRPC_MAX_CONNECTION_AGE_GRACE_SECS",
                        d.maxConnectionAgeGrace().toSeconds())),
                (int) number(env, "CT_OPS_GRPC_MAX_CALLS_PER_CONNECTION", d.maxCallsPerConnection()));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "'" + value.trim() + "' is not a whole number");
        }
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(name, value + " is outside " + min + "-" + max);
        }
    }
}
