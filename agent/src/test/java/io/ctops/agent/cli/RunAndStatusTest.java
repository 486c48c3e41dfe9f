package io.ctops.agent.cli;

import io.ctops.agent.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run} and {@code status} up to the point where they would talk to a server. */
class RunAndStatusTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(Map<String, String> env, String... args) {
        return io.ctops.agent.AgentMainAccess.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(String extra) throws Exception {
        return Files.writeString(temp.resolve("agent.toml"), """
                [ingest]
                address = "127.0.0.1:1"
                [agent]
                data_dir = "data"
                """ + extra);
    }

    @Test
    void aBadConfigurationIsOneLineNamingTheSettingAndExitTwo() throws Exception {
        Path file = config("heartbeat_interval_secs = 99999\n");

        assertEquals(2, main(Map.of(), "run", "--config", file.toString()));

        assertEquals("ctops-agent: [agent] heartbeat_interval_secs in " + file
                + ": must be a whole number from 1 to 3600, not 99999\n", err());
    }

    @Test
    void aCorruptKeyRefusesToStartNamingTheFile() throws Exception {
        Path file = config("org_token = \"t\"\n");
        Files.createDirectories(temp.resolve("data"));
        Files.writeString(temp.resolve("data/agent.key"), "garbage");

        assertEquals(1, main(Map.of(), "run", "--config", file.toString()));

        assertTrue(err().startsWith("ctops-agent: key file " + temp.resolve("data/agent.key") + " is unusable"), err());
        assertEquals("garbage", Files.readString(temp.resolve("data/agent.key")));
    }

    @Test
    void withoutStateOrTokenItSaysWhichSettingIsMissing() throws Exception {
        Path file = config("");

        assertEquals(2, main(Map.of(), "run", "--config", file.toString()));

        assertTrue(err().startsWith("ctops-agent: [agent] org_token: is not set (nor CT_OPS_ORG_TOKEN)"), err());
        assertTrue(Files.isRegularFile(temp.resolve("data/agent.key")), "the key is made before registering");
    }

    @Test
    void statusReportsAnUnregisteredAgentAndTheSpool() throws Exception {
        Path file = config("");

        assertEquals(0, main(Map.of(), "status", "--config", file.toString()));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("agent:           not registered yet"), text);
        assertTrue(text.contains("spool:           0 heartbeat(s) waiting"), text);
        assertTrue(text.contains("spool dropped:   0 heartbeat(s) dropped"), text);
        assertFalse(Files.exists(temp.resolve("data")), "status changes nothing");
    }

    @Test
    void theCaFileFromTheEnvironmentIsChecked() throws Exception {
        Path file = config("org_token = \"t\"\n");
        Path ca = Files.writeString(temp.resolve("ca.pem"), TestCertificates.ca("x").pem());

        assertEquals(0, main(Map.of("CT_OPS_INGEST_CA_CERT", ca.toString()), "status", "--config", file.toString()));
        assertEquals(2, main(Map.of("CT_OPS_INGEST_CA_CERT", temp.resolve("no.pem").toString()), "status",
                "--config", file.toString()));
        assertTrue(err().startsWith("ctops-agent: CT_OPS_INGEST_CA_CERT: "), err());
    }
}
