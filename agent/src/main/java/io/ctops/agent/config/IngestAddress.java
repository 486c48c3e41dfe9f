package io.ctops.agent.config;

import static java.util.Objects.requireNonNull;

/**
 * One ingest endpoint, {@code host:port}; an IPv6 literal is written in brackets, {@code [::1]:9443}.
 *
 * @param host a DNS name or an IP literal (without brackets)
 * @param port the gRPC port
 */
public record IngestAddress(String host, int port) {

    /** The port of ingest when an address names none. */
    public static final int DEFAULT_PORT = 9443;

    public IngestAddress {
        requireNonNull(host, "host is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not from 1 to 65535");
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}.
     *
     * @param text the address
     * @param setting where it came from, for the error message
     * @return the address
     * @throws ConfigException naming the setting when the text is not an address
     */
    public static IngestAddress parse(String text, String setting) {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new ConfigException(setting, "an address is empty");
        }
        if (value.contains("://") || value.contains("/") || value.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(setting, "'" + value + "' is not host:port (no scheme or path)");
        }
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new ConfigException(setting, "'" + value + "' has no closing ']'");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new ConfigException(setting, "'" + value + "' is not [address]:port");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon >= 0 && value.indexOf(':') != colon) {
                throw new ConfigException(setting, "'" + value + "' looks like an IPv6 address: write it as [address]:port");
            }
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new ConfigException(setting, "'" + value + "' names no host");
        }
        return new IngestAddress(host, port == null ? DEFAULT_PORT : port(port, value, setting));
    }

    private static int port(String text, String address, String setting) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(setting, "'" + address + "' has no valid port (1-65535)");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
