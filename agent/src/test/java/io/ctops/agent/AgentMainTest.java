package io.ctops.agent;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentMainTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AgentMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsTheUsage() {
        assertEquals(0, run("help"));
        assertTrue(out().startsWith("Usage: ctops-agent <command> [options]"), out());
        assertTrue(out().contains("collect --once"), out());
    }

    @Test
    void versionNamesTheAgentAndSdkVersions() {
        assertEquals(0, run("version"));
        AgentVersion version = AgentVersion.current();
        assertEquals("ctops-agent " + version.agent() + " (agent plugin SDK " + version.sdk() + ")\n", out());
        assertTrue(version.sdk().matches("\\d+\\.\\d+\\.\\d+"), version.sdk());
    }

    @Test
    void aBadOptionGivesOneClearLine() {
        assertEquals(2, run("collect", "--once", "--plugin-dir", "/x"));

        assertEquals("ctops-agent: unknown option '--plugin-dir' for collect (see 'ctops-agent help')\n", err());
        assertEquals("", out());
    }

    @Test
    void collectWithoutOnceIsRefusedForNow() {
        assertEquals(2, run("collect"));
        assertTrue(err().startsWith("ctops-agent: collect needs --once"), err());
    }

    @Test
    void aMissingPluginsDirectoryIsOneLine() {
        assertEquals(2, run("collect", "--once", "--plugins-dir", temp.resolve("missing").toString()));
        assertEquals("ctops-agent: plugins directory " + temp.resolve("missing") + " does not exist"
                + " (see 'ctops-agent help')\n", err());
    }

    @Test
    void collectWithNoPluginsSaysSoAndFails() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));

        int status = run("collect", "--once", "--plugins-dir", plugins.toString(), "--data-dir", temp.resolve("data").toString());

        assertEquals(1, status);
        assertEquals("ctops-agent: no enabled collectors in " + plugins + "\n", err());
        assertEquals("", out());
    }
}
