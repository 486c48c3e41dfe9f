package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The settings of a {@code port} check.
 *
 * @param host the name or address to connect to
 * @param port the TCP port
 * @param timeoutMs how long to wait for the connection
 */
record PortCheckSettings(String host, int port, int timeoutMs) {

    static final int DEFAULT_TIMEOUT_MS = 3000;
    private static final Set<String> KEYS = Set.of("host", "port", "timeout_ms");

    PortCheckSettings {
        requireNonNull(host, "host is null");
    }

    /** Reads the settings without any I/O; throws {@link IllegalArgumentException} naming what is wrong. */
    static PortCheckSettings from(CheckDefinition definition) {
        CheckSettings settings = CheckSettings.of(definition, KEYS);
        String host = settings.required("host");
        settings.required("port");
        return new PortCheckSettings(host, settings.integer("port", 0, 1, 65535),
                settings.integer("timeout_ms", DEFAULT_TIMEOUT_MS, 1, 600_000));
    }

    /** {@return host:port, with brackets around an IPv6 address} */
    String target() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
