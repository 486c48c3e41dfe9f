package io.ctops.core.config;

import static java.util.Objects.requireNonNull;

import io.ctops.core.queue.wal.FsyncPolicy;
import io.ctops.db.DatabaseUrl;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's settings, read from the environment. Every value has a documented default
 * (README, conf/ctops.env.example); an invalid value stops start-up with a {@link ConfigException}.
 *
 * @param httpPort UI, REST API, health and metrics ({@code CT_OPS_HTTP_PORT}, 8080; 0 picks a free port)
 * @param grpcPort agent ingest ({@code CT_OPS_GRPC_PORT}, 9443)
 * @param dataDir queue, secrets and the embedded database ({@code CT_OPS_DATA_DIR}, ./data)
 * @param roles what this process does ({@code CT_OPS_ROLES}, all)
 * @param secret the master secret, if set ({@code CT_OPS_SECRET} or {@code CT_OPS_SECRET_FILE}); else generated in the data dir
 * @param pluginsDir plugin jars ({@code CT_OPS_PLUGINS_DIR}, ./plugins)
 * @param databaseUrl the database ({@code DATABASE_URL}); empty means the embedded PostgreSQL in the data dir
 * @param mode {@code CT_OPS_MODE}: production (default) requires a secret, development generates one
 * @param grpcTls the gRPC port's certificate and key ({@code CT_OPS_GRPC_TLS_CERT}/{@code _KEY}); empty: generated
 * @param agentCa an operator CA for agent certificates ({@code CT_OPS_AGENT_CA_CERT}/{@code _KEY}); empty: generated
 * @param queueFsync when the local queue syncs to disk before publish returns ({@code CT_OPS_QUEUE_FSYNC}, always)
 * @param queue which queue ({@code CT_OPS_QUEUE}, local) and, for kafka, its {@code CT_OPS_KAFKA_*} settings
 * @param ingestLimits what one agent connection may cost the gRPC port ({@code CT_OPS_GRPC_MAX_*}, {@link IngestLimits})
 */
public record ServerConfig(
        int httpPort,
        int grpcPort,
        Path dataDir,
        Set<ServerRole> roles,
        Optional<String> secret,
        Path pluginsDir,
        Optional<DatabaseUrl> databaseUrl,
        ServerMode mode,
        Optional<KeyPairFiles> grpcTls,
        Optional<KeyPairFiles> agentCa,
        FsyncPolicy queueFsync,
        QueueChoice queue,
        IngestLimits ingestLimits) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_GRPC_PORT = 9443;
    static final int MIN_SECRET_LENGTH = 16;

    public ServerConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(pluginsDir, "pluginsDir is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(databaseUrl, "databaseUrl is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(grpcTls, "grpcTls is null");
        requireNonNull(agentCa, "agentCa is null");
        requireNonNull(queueFsync, "queueFsync is null");
        requireNonNull(queue, "queue is null");
        requireNonNull(ingestLimits, "ingestLimits is null");
        roles = Set.copyOf(requireNonNull(roles, "roles is null"));
    }

    /** Reads and validates the settings from environment variables. */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        int httpPort = port(env, "CT_OPS_HTTP_PORT", DEFAULT_HTTP_PORT);
        int grpcPort = port(env, "CT_OPS_GRPC_PORT", DEFAULT_GRPC_PORT);
        if (httpPort == grpcPort) {
            throw new ConfigException("CT_OPS_GRPC_PORT", "is the same port as CT_OPS_HTTP_PORT (" + httpPort + ")");
        }
        Path dataDir = writableDirectory(env, "CT_OPS_DATA_DIR", "data");
        Path pluginsDir = readableDirectory(env, "CT_OPS_PLUGINS_DIR", "plugins");
        String rolesValue = value(env, "CT_OPS_ROLES");
        Set<ServerRole> roles = rolesValue == null ? EnumSet.allOf(ServerRole.class)
                : ServerRole.parseList("CT_OPS_ROLES", rolesValue);
        ServerMode mode = mode(env);
        Optional<String> secret = secret(env);
        if (mode == ServerMode.PRODUCTION && secret.isEmpty()) {
            throw new ConfigException("CT_OPS_SECRET", "is required in production mode (at least " + MIN_SECRET_LENGTH
                    + " characters, or CT_OPS_SECRET_FILE); for a trial set CT_OPS_MODE=development");
        }
        return new ServerConfig(httpPort, grpcPort, dataDir, roles, secret, pluginsDir, databaseUrl(env), mode,
                keyPair(env, "CT_OPS_GRPC_TLS_CERT", "CT_OPS_GRPC_TLS_KEY"),
                keyPair(env, "CT_OPS_AGENT_CA_CERT", "CT_OPS_AGENT_CA_KEY"), queueFsync(env), queue(env),
                IngestLimits.fromEnvironment(env));
    }

    /** Settings for a server in a test: free ports, the given directories, database and secret. */
    public static ServerConfig forTest(Path dataDir, Path pluginsDir, DatabaseUrl databaseUrl, String secret) {
        return new ServerConfig(0, 0, dataDir, EnumSet.allOf(ServerRole.class), Optional.of(secret), pluginsDir,
                Optional.of(databaseUrl), ServerMode.PRODUCTION, Optional.empty(), Optional.empty(), FsyncPolicy.ALWAYS,
                QueueChoice.local(), IngestLimits.defaults());
    }

    /** A copy with another operator agent CA (or none). */
    public ServerConfig withAgentCa(Optional<KeyPairFiles> files) {
        return new ServerConfig(httpPort, grpcPort, dataDir, roles, secret, pluginsDir, databaseUrl, mode, grpcTls, files,
                queueFsync, queue, ingestLimits);
    }

    /** A copy with another queue. */
    public ServerConfig withQueue(QueueChoice choice) {
        return new ServerConfig(httpPort, grpcPort, dataDir, roles, secret, pluginsDir, databaseUrl, mode, grpcTls, agentCa,
                queueFsync, choice, ingestLimits);
    }

    /** A copy with other limits for agent connections. */
    public ServerConfig withIngestLimits(IngestLimits limits) {
        return new ServerConfig(httpPort, grpcPort, dataDir, roles, secret, pluginsDir, databaseUrl, mode, grpcTls, agentCa,
                queueFsync, queue, limits);
    }

    public boolean has(ServerRole role) {
        return roles.contains(role);
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = value(env, name);
        if (value == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name, "'" + value + "' is not a port number (1-65535)");
    }

    private static Path path(Map<String, String> env, String name, String defaultValue) {
        String value = value(env, name);
        try {
            return Path.of(value == null ? defaultValue : value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(name, "'" + value + "' is not a valid path");
        }
    }

    private static Path writableDirectory(Map<String, String> env, String name, String defaultValue) {
        Path dir = path(env, name, defaultValue);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException(name, dir + " exists and is not a directory");
        }
        if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
            throw new ConfigException(name, dir + " is not writable");
        }
        return dir;
    }

    private static Path readableDirectory(Map<String, String> env, String name, String defaultValue) {
        Path dir = path(env, name, defaultValue);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException(name, dir + " exists and is not a directory");
        }
        if (Files.isDirectory(dir) && !Files.isReadable(dir)) {
            throw new ConfigException(name, dir + " is not readable");
        }
        return dir;
    }

    private static Optional<String> secret(Map<String, String> env) {
        String inline = value(env, "CT_OPS_SECRET");
        String file = value(env, "CT_OPS_SECRET_FILE");
        if (inline != null && file != null) {
            throw new ConfigException("CT_OPS_SECRET_FILE", "set together with CT_OPS_SECRET; set only one");
        }
        String secret = inline;
        String source = "CT_OPS_SECRET";
        if (file != null) {
            source = "CT_OPS_SECRET_FILE";
            Path path = path(env, source, file);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ConfigException(source, path + " is not a readable file");
            }
            try {
                secret = Files.readString(path).trim();
            } catch (java.io.IOException e) {
                throw new ConfigException(source, path + " cannot be read: " + e.getMessage());
            }
        }
        if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
            // never echo the secret itself
            throw new ConfigException(source, "is too short (at least " + MIN_SECRET_LENGTH + " characters)");
        }
        return Optional.ofNullable(secret);
    }

    private static ServerMode mode(Map<String, String> env) {
        String value = value(env, "CT_OPS_MODE");
        if (value == null) {
            return ServerMode.PRODUCTION;
        }
        try {
            return ServerMode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CT_OPS_MODE", "unknown mode '" + value + "' (production or development)");
        }
    }

    private static FsyncPolicy queueFsync(Map<String, String> env) {
        String value = value(env, "CT_OPS_QUEUE_FSYNC");
        if (value == null) {
            return FsyncPolicy.ALWAYS;
        }
        try {
            return FsyncPolicy.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CT_OPS_QUEUE_FSYNC", "unknown policy '" + value + "' (always, interval or never)");
        }
    }

    private static QueueChoice queue(Map<String, String> env) {
        String value = value(env, "CT_OPS_QUEUE");
        if (value == null || value.equalsIgnoreCase(QueueKind.LOCAL.settingName())) {
            return QueueChoice.local();
        }
        if (value.equalsIgnoreCase(QueueKind.KAFKA.settingName())) {
            return QueueChoice.kafka(KafkaSettings.fromEnvironment(env));
        }
        throw new ConfigException("CT_OPS_QUEUE", "unknown queue '" + value + "' (local or kafka)");
    }

    private static Optional<KeyPairFiles> keyPair(Map<String, String> env, String certVariable, String keyVariable) {
        String cert = value(env, certVariable);
        String key = value(env, keyVariable);
        if (cert == null && key == null) {
            return Optional.empty();
        }
        if (cert == null || key == null) {
            throw new ConfigException(cert == null ? certVariable : keyVariable, "must be set together with "
                    + (cert == null ? keyVariable : certVariable));
        }
        return Optional.of(new KeyPairFiles(readableFile(env, certVariable), readableFile(env, keyVariable)));
    }

    private static Path readableFile(Map<String, String> env, String name) {
        Path path = path(env, name, "");
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(name, path + " is not a readable file");
        }
        return path;
    }

    private static Optional<DatabaseUrl> databaseUrl(Map<String, String> env) {
        String value = value(env, "DATABASE_URL");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DatabaseUrl.parse(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DATABASE_URL", e.getMessage());
        }
    }
}
