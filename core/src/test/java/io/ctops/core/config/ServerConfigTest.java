package io.ctops.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.sdk.queue.spi.QueueSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    @TempDir
    Path temp;

    @Test
    void productionModeIsTheDefaultAndRequiresASecret() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.fromEnvironment(Map.of()));
        assertTrue(e.getMessage().startsWith("CT_OPS_SECRET: is required in production mode"), e.getMessage());
        assertEquals(ServerMode.PRODUCTION,
                ServerConfig.fromEnvironment(Map.of("CT_OPS_SECRET", "0123456789abcdef")).mode());
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("CT_OPS_MODE", "development"));
        assertEquals(8080, config.httpPort());
        assertEquals(9443, config.grpcPort());
        assertEquals(EnumSet.allOf(ServerRole.class), config.roles());
        assertEquals(Path.of("data").toAbsolutePath(), config.dataDir());
        assertEquals(Path.of("plugins").toAbsolutePath(), config.pluginsDir());
        assertTrue(config.databaseUrl().isEmpty());
        assertTrue(config.secret().isEmpty());
        assertTrue(config.grpcTls().isEmpty());
        assertTrue(config.agentCa().isEmpty());
    }

    @Test
    void operatorKeyFilesMustComeInPairsAndBeReadable() throws Exception {
        Path cert = Files.writeString(temp.resolve("tls.crt"), "x");
        Path key = Files.writeString(temp.resolve("tls.key"), "x");
        Map<String, String> base = Map.of("CT_OPS_MODE", "development");
        ServerConfig config = ServerConfig.fromEnvironment(with(base, "CT_OPS_GRPC_TLS_CERT", cert.toString(),
                "CT_OPS_GRPC_TLS_KEY", key.toString()));
        assertEquals(new KeyPairFiles(cert, key), config.grpcTls().orElseThrow());
        assertProblem(with(base, "CT_OPS_AGENT_CA_CERT", cert.toString()),
                "CT_OPS_AGENT_CA_KEY: must be set together with CT_OPS_AGENT_CA_CERT");
        assertProblem(with(base, "CT_OPS_GRPC_TLS_CERT", temp.resolve("none.crt").toString(), "CT_OPS_GRPC_TLS_KEY", key.toString()),
                "CT_OPS_GRPC_TLS_CERT: " + temp.resolve("none.crt") + " is not a readable file");
        assertProblem(with(base, "CT_OPS_MODE", "staging"), "CT_OPS_MODE: unknown mode 'staging' (production or development)");
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void readsEveryVariable() throws Exception {
        Path secretFile = Files.writeString(temp.resolve("secret"), "0123456789abcdef0123\n");
        ServerConfig config = ServerConfig.fromEnvironment(Map.of(
                "CT_OPS_HTTP_PORT", "18080",
                "CT_OPS_GRPC_PORT", "19443",
                "CT_OPS_DATA_DIR", temp.resolve("d").toString(),
                "CT_OPS_PLUGINS_DIR", temp.resolve("p").toString(),
                "CT_OPS_ROLES", "ingest, web",
                "CT_OPS_SECRET_FILE", secretFile.toString(),
                "DATABASE_URL", "postgresql://ctops:pw@db.example:6543/ctops"));
        assertEquals(18080, config.httpPort());
        assertEquals(19443, config.grpcPort());
        assertEquals(EnumSet.of(ServerRole.INGEST, ServerRole.WEB), config.roles());
        assertEquals("0123456789abcdef0123", config.secret().orElseThrow());
        assertEquals("jdbc:postgresql://db.example:6543/ctops", config.databaseUrl().orElseThrow().jdbcUrl());
    }

    @Test
    void eachInvalidValueNamesItsVariable() {
        assertProblem(Map.of("CT_OPS_MODE", "development", "CT_OPS_HTTP_PORT", "eighty"), "CT_OPS_HTTP_PORT: 'eighty' is not a port number (1-65535)");
        assertProblem(Map.of("CT_OPS_MODE", "development", "CT_OPS_GRPC_PORT", "70000"), "CT_OPS_GRPC_PORT: '70000' is not a port number (1-65535)");
        assertProblem(Map.of("CT_OPS_MODE", "development", "CT_OPS_HTTP_PORT", "9443"), "CT_OPS_GRPC_PORT: is the same port as CT_OPS_HTTP_PORT (9443)");
        assertProblem(Map.of("CT_OPS_MODE", "development", "CT_OPS_ROLES", "ingest,frontend"), "CT_OPS_ROLES: unknown role 'frontend' (known: ingest, consumers, web)");
        assertProblem(Map.of("CT_OPS_MODE", "development", "CT_OPS_ROLES", " , "), "CT_OPS_ROLES: names no role");
        assertProblem(Map.of("CT_OPS_MODE", "development", "CT_OPS_SECRET_FILE", temp.resolve("missing").toString()), "CT_OPS_SECRET_FILE: ");
        assertProblem(Map.of("CT_OPS_MODE", "development", "DATABASE_URL", "mysql://localhost/db"), "DATABASE_URL: ");
    }

    @Test
    void theLocalQueueIsTheDefault() {
        assertEquals(QueueChoice.local(), ServerConfig.fromEnvironment(Map.of("CT_OPS_MODE", "development")).queue());
        assertEquals(QueueChoice.local(), ServerConfig.fromEnvironment(Map.of("CT_OPS_MODE", "development",
                "CT_OPS_QUEUE", "local", "CT_OPS_KAFKA_BOOTSTRAP", "ignored:9092")).queue());
    }

    @Test
    void kafkaNeedsOnlyItsBootstrapServersAndHasDefaultsForTheRest() {
        QueueChoice choice = ServerConfig.fromEnvironment(Map.of("CT_OPS_MODE", "development",
                "CT_OPS_QUEUE", "Kafka", "CT_OPS_KAFKA_BOOTSTRAP", "kafka-1:9092, 10.0.0.7:9093,[::1]:9094")).queue();
        assertEquals(QueueKind.KAFKA, choice.kind());
        QueueSettings settings = choice.brokerSettings().orElseThrow();
        assertEquals(List.of("kafka-1:9092", "10.0.0.7:9093", "[::1]:9094"), settings.servers());
        assertEquals(6, settings.partitions());
        assertEquals(1, settings.replicationFactor());
        assertEquals("", settings.topicPrefix());
        assertEquals("ctops", settings.clientId());
        assertEquals(Duration.ofSeconds(10), settings.publishTimeout());

        QueueSettings tuned = ServerConfig.fromEnvironment(Map.of("CT_OPS_MODE", "development", "CT_OPS_QUEUE", "kafka",
                "CT_OPS_KAFKA_BOOTSTRAP", "k:9092", "CT_OPS_KAFKA_PARTITIONS", "12", "CT_OPS_KAFKA_REPLICATION_FACTOR", "3",
                "CT_OPS_KAFKA_TOPIC_PREFIX", "prod.", "CT_OPS_KAFKA_CLIENT_ID", "ctops-eu", "CT_OPS_KAFKA_PUBLISH_TIMEOUT", "4"))
                .queue().brokerSettings().orElseThrow();
        assertEquals(new QueueSettings(List.of("k:9092"), 12, 3, "prod.", "ctops-eu", Duration.ofSeconds(4)), tuned);
    }

    @Test
    void badQueueSettingsNameTheirVariable() {
        Map<String, String> kafka = Map.of("CT_OPS_MODE", "development", "CT_OPS_QUEUE", "kafka");
        assertProblem(with(Map.of("CT_OPS_MODE", "development"), "CT_OPS_QUEUE", "rabbit"),
                "CT_OPS_QUEUE: unknown queue 'rabbit' (local or kafka)");
        assertProblem(kafka, "CT_OPS_KAFKA_BOOTSTRAP: is required with CT_OPS_QUEUE=kafka");
        assertProblem(with(kafka, "CT_OPS_KAFKA_BOOTSTRAP", "kafka-1"), "CT_OPS_KAFKA_BOOTSTRAP: 'kafka-1' is not host:port");
        assertProblem(with(kafka, "CT_OPS_KAFKA_BOOTSTRAP", "k:9092,k:0"), "CT_OPS_KAFKA_BOOTSTRAP: 'k:0' is not host:port");
        assertProblem(with(kafka, "CT_OPS_KAFKA_BOOTSTRAP", "k:9092", "CT_OPS_KAFKA_PARTITIONS", "0"),
                "CT_OPS_KAFKA_PARTITIONS: '0' is not a whole number from 1 to 10000");
        assertProblem(with(kafka, "CT_OPS_KAFKA_BOOTSTRAP", "k:9092", "CT_OPS_KAFKA_REPLICATION_FACTOR", "three"),
                "CT_OPS_KAFKA_REPLICATION_FACTOR: 'three' is not a whole number");
        assertProblem(with(kafka, "CT_OPS_KAFKA_BOOTSTRAP", "k:9092", "CT_OPS_KAFKA_TOPIC_PREFIX", "prod/"),
                "CT_OPS_KAFKA_TOPIC_PREFIX: 'prod/' may hold only");
        assertProblem(with(kafka, "CT_OPS_KAFKA_BOOTSTRAP", "k:9092", "CT_OPS_KAFKA_PUBLISH_TIMEOUT", "0"),
                "CT_OPS_KAFKA_PUBLISH_TIMEOUT: '0' is not a whole number from 1 to 300");
    }

    @Test
    void aDataDirThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "x");
        assertProblem(Map.of("CT_OPS_MODE", "development", "CT_OPS_DATA_DIR", file.toString()), "CT_OPS_DATA_DIR: " + file + " exists and is not a directory");
    }

    @Test
    void aShortSecretIsRefusedWithoutEchoingIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.fromEnvironment(Map.of("CT_OPS_SECRET", "hunter2")));
        assertTrue(e.getMessage().startsWith("CT_OPS_SECRET: is too short"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void aDatabasePasswordNeverAppearsInTheError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.fromEnvironment(Map.of("CT_OPS_MODE", "development",
                        "DATABASE_URL", "postgresql://u:s3cretpw@host:notaport/db")));
        assertFalse(e.getMessage().contains("s3cretpw"), e.getMessage());
    }

    @Test
    void theGeneratedSecretIsKeptOwnerOnlyAndReused() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("CT_OPS_MODE", "development", "CT_OPS_DATA_DIR", temp.toString()));
        ServerSecret first = ServerSecret.resolve(ServerConfig.fromEnvironment(env));
        ServerSecret second = ServerSecret.resolve(ServerConfig.fromEnvironment(env));
        assertEquals(first.value(), second.value());
        assertTrue(first.value().length() >= 32);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(temp.resolve(ServerSecret.FILE_NAME))));
        assertEquals("ServerSecret[****]", first.toString());
    }

    private static void assertProblem(Map<String, String> env, String expectedStart) {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.fromEnvironment(env));
        assertTrue(e.getMessage().startsWith(expectedStart), "message was: " + e.getMessage());
    }
}
