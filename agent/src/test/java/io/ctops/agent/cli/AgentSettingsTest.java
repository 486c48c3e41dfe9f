package io.ctops.agent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgentSettingsTest {

    @TempDir
    Path temp;

    @Test
    void optionsWinOverTheEnvironmentWhichWinsOverDefaults() {
        Arguments arguments = Arguments.parse(List.of("collect", "--once", "--plugins-dir", "/opt/agent/plugins"));
        Map<String, String> env = Map.of(
                "CT_OPS_AGENT_PLUGINS_DIR", "/ignored",
                "CT_OPS_AGENT_DATA_DIR", "/var/lib/ctops-agent");

        AgentSettings settings = AgentSettings.from(arguments, env);

        assertEquals(Path.of("/opt/agent/plugins"), settings.pluginsDir());
        assertEquals(Path.of("/var/lib/ctops-agent"), settings.dataDir());
        assertEquals(Path.of("/"), settings.hostRoot());
    }

    @Test
    void relativeDefaultsResolveAgainstTheWorkingDirectory() {
        AgentSettings settings = AgentSettings.from(Arguments.parse(List.of("collect", "--once")),
                Map.of("CT_OPS_HOST_ROOT", " "));

        assertEquals(Path.of("plugins").toAbsolutePath(), settings.pluginsDir());
        assertEquals(Path.of("data").toAbsolutePath(), settings.dataDir());
        assertEquals(Path.of("/"), settings.hostRoot(), "a blank variable counts as unset");
    }

    @Test
    void aMissingPluginsDirectoryOrHostRootIsNamed() {
        AgentSettings noPlugins = new AgentSettings(temp.resolve("nope"), temp, temp);
        AgentSettings noHost = new AgentSettings(temp, temp, temp.resolve("host"));

        assertEquals("plugins directory " + temp.resolve("nope") + " does not exist",
                assertThrows(UsageException.class, noPlugins::requireReadableDirectories).getMessage());
        assertEquals("host root " + temp.resolve("host") + " does not exist",
                assertThrows(UsageException.class, noHost::requireReadableDirectories).getMessage());
    }
}
