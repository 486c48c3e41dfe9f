package io.ctops.agent.config;

import io.ctops.agent.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentConfigLoaderTest {

    @TempDir
    Path temp;

    private Path ca;

    @BeforeEach
    void caFile() throws Exception {
        ca = Files.writeString(temp.resolve("ca.pem"), TestCertificates.ca("test").pem());
    }

    private Path file(String toml) throws Exception {
        return Files.writeString(temp.resolve("agent.toml"), toml);
    }

    private AgentConfig load(Path file, Map<String, String> env, String... tags) {
        return new AgentConfigLoader(env).load(new ConfigInputs(Optional.ofNullable(file), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(tags)));
    }

    private String error(Path file, Map<String, String> env, String... tags) {
        return assertThrows(ConfigException.class, () -> load(file, env, tags)).getMessage();
    }

    @Test
    void readsEverySettingOfTheFile() throws Exception {
        Path file = file("""
                [ingest]
                address = ["ingest-1.example.org:9443", "[::1]:7000", "ingest-3"]
                ca_cert_file = "ca.pem"

                [agent]
                org_token = "secret-token"
                data_dir = "state"
                heartbeat_interval_secs = 15

                [agent.tags]
                env = "production"
                rack = 7

                [spool]
                max_size_mib = 2
                """);

        AgentConfig config = load(file, Map.of());

        assertEquals(List.of(new IngestAddress("ingest-1.example.org", 9443), new IngestAddress("::1", 7000),
                new IngestAddress("ingest-3", IngestAddress.DEFAULT_PORT)), config.ingestAddresses());
        assertEquals(Optional.of(ca), config.caCertFile(), "relative to the file's directory");
        assertEquals(Optional.of("secret-token"), config.orgToken());
        assertEquals(temp.resolve("state"), config.dataDir());
        assertEquals(Duration.ofSeconds(15), config.heartbeatInterval());
        assertEquals(Map.of("env", "production", "rack", "7"), config.tags());
        assertEquals(2L * 1024 * 1024, config.spoolMaxBytes());
        assertFalse(config.toString().contains("secret-token"), config.toString());
    }

    @Test
    void appliesDefaults() throws Exception {
        AgentConfig config = load(file("[ingest]\naddress = \"ingest:9443\"\n"), Map.of());

        assertEquals(List.of(new IngestAddress("ingest", 9443)), config.ingestAddresses());
        assertEquals(Optional.empty(), config.caCertFile());
        assertEquals(Optional.empty(), config.orgToken());
        assertEquals(Duration.ofSeconds(30), config.heartbeatInterval());
        assertEquals(64L * 1024 * 1024, config.spoolMaxBytes());
        assertEquals(Path.of("data").toAbsolutePath(), config.dataDir());
        assertEquals(Map.of(), config.tags());
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws Exception {
        Path file = file("""
                [ingest]
                address = "from-file:1"
                ca_cert_file = "missing.pem"
                [agent]
                org_token = "file-token"
                data_dir = "file-data"
                """);

        AgentConfig config = load(file, Map.of(
                AgentConfigLoader.ADDRESS_ENV, "env-1:9443, env-2:9444",
                AgentConfigLoader.CA_CERT_ENV, ca.toString(),
                AgentConfigLoader.ORG_TOKEN_ENV, "env-token",
                AgentConfigLoader.DATA_DIR_ENV, temp.resolve("env-data").toString()));

        assertEquals(List.of(new IngestAddress("env-1", 9443), new IngestAddress("env-2", 9444)), config.ingestAddresses());
        assertEquals(Optional.of(ca), config.caCertFile());
        assertEquals(Optional.of("env-token"), config.orgToken());
        assertEquals(temp.resolve("env-data"), config.dataDir());
    }

    @Test
    void theDataDirectoryOptionWinsOverAllAndTheLauncherDefaultLosesToTheFile() throws Exception {
        Path file = file("[ingest]\naddress = \"a:1\"\n[agent]\ndata_dir = \"file-data\"\n");
        Map<String, String> launcher = Map.of(AgentConfigLoader.LAUNCHER_DATA_DIR_ENV, temp.resolve("launcher").toString());

        assertEquals(temp.resolve("file-data"), load(file, launcher).dataDir());
        assertEquals(temp.resolve("launcher"), load(file("[ingest]\naddress = \"a:1\"\n"), launcher).dataDir());
        AgentConfig withOption = new AgentConfigLoader(Map.of(AgentConfigLoader.DATA_DIR_ENV, "/env"))
                .load(new ConfigInputs(Optional.of(file), Optional.of(temp.resolve("option").toString()),
                        Optional.empty(), Optional.empty(), List.of()));
        assertEquals(temp.resolve("option"), withOption.dataDir());
    }

    @Test
    void commandLineTagsWinOverTheFileAndAcceptKeyColonValue() throws Exception {
        Path file = file("[ingest]\naddress = \"a:1\"\n[agent.tags]\nenv = \"staging\"\nteam = \"ops\"\n");

        AgentConfig config = load(file, Map.of(), "env=production", "zone:eu-1", "url=http://x:1");

        assertEquals(Map.of("env", "production", "team", "ops", "zone", "eu-1", "url", "http://x:1"), config.tags());
    }

    @Test
    void environmentAloneIsEnough() {
        AgentConfig config = load(null, Map.of(AgentConfigLoader.ADDRESS_ENV, "only-env:9443"));

        assertEquals(List.of(new IngestAddress("only-env", 9443)), config.ingestAddresses());
    }

    @Test
    void aBadSettingIsOneLineNamingIt() throws Exception {
        Path file = file("[ingest]\naddress = \"a:1\"\n[agent]\nheartbeat_interval_secs = 0\n");
        assertEquals("[agent] heartbeat_interval_secs in " + file + ": must be a whole number from 1 to 3600, not 0",
                error(file, Map.of()));

        file = file("[ingest]\naddress = \"a:1\"\n[agent]\nheartbeat_interval_secs = \"30\"\n");
        assertEquals("[agent] heartbeat_interval_secs in " + file + ": must be a whole number, not a string",
                error(file, Map.of()));

        file = file("[ingest]\naddress = 9443\n");
        assertTrue(error(file, Map.of()).startsWith("[ingest] address in " + file + ": must be a string"));

        file = file("[ingest]\naddress = \"host:99999\"\n");
        assertEquals("[ingest] address in " + file + ": 'host:99999' has no valid port (1-65535)", error(file, Map.of()));

        file = file("[ingest]\naddress = \"a:1\"\n[agent]\nheartbeat = 5\n");
        assertEquals("[agent] heartbeat in " + file + ": unknown setting", error(file, Map.of()));

        file = file("[ingest]\naddress = \"a:1\"\n[spool]\nmax_size_mib = 0\n");
        assertTrue(error(file, Map.of()).startsWith("[spool] max_size_mib in " + file + ": must be"));

        assertEquals("CT_OPS_INGEST_ADDRESS: 'https://x:1' is not host:port (no scheme or path)",
                error(null, Map.of(AgentConfigLoader.ADDRESS_ENV, "https://x:1")));
        assertEquals("--tag: 'novalue' is not key=value",
                error(null, Map.of(AgentConfigLoader.ADDRESS_ENV, "a:1"), "novalue"));
    }

    @Test
    void aMissingAddressSaysWhereToSetIt() {
        assertTrue(error(null, Map.of()).startsWith("[ingest] address: is not set"));
    }

    @Test
    void aCaFileThatIsMissingOrNotACertificateIsNamed() throws Exception {
        Path missing = temp.resolve("nope.pem");
        assertEquals("CT_OPS_INGEST_CA_CERT: " + missing + " is not a readable file",
                error(null, Map.of(AgentConfigLoader.ADDRESS_ENV, "a:1", AgentConfigLoader.CA_CERT_ENV, missing.toString())));

        Files.writeString(temp.resolve("junk.pem"), "not a certificate");
        Path file = file("[ingest]\naddress = \"a:1\"\nca_cert_file = \"junk.pem\"\n");
        assertTrue(error(file, Map.of()).startsWith("[ingest] ca_cert_file in " + file + ": " + temp.resolve("junk.pem")),
                error(file, Map.of()));
    }

    @Test
    void invalidTomlNamesTheFileAndLineButNeverEchoesTheLine() throws Exception {
        Path file = file("[agent]\norg_token = \"very-secret-token\n");

        String message = error(file, Map.of());

        assertTrue(message.startsWith(file + ": not valid TOML: "), message);
        assertTrue(message.contains("line 2"), message);
        assertFalse(message.contains("very-secret"), message);
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path missing = temp.resolve("missing.toml");
        assertEquals("--config: " + missing + " does not exist", error(missing, Map.of()));
    }

    @Test
    void aBadTagInTheFileIsNamed() throws Exception {
        Path file = file("[ingest]\naddress = \"a:1\"\n[agent.tags]\n\"bad key\" = \"x\"\n");

        String message = error(file, Map.of());
        assertTrue(message.startsWith("[agent.tags] bad key in " + file + ": tag key 'bad key' must be"), message);
    }
}
