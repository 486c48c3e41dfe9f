package io.ctops.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.plugin.PluginOperationException;
import io.ctops.core.plugin.PluginState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Install, disable, enable and upgrade a plugin while the server runs; the choice survives a restart. */
class RuntimePluginsIT {

    private static final Path JARS = FixtureJars.newDir();

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars();

    /** Every API path, plugin resources included, needs an API key. */
    private static ApiClient api;

    @BeforeAll
    static void createApiKey() {
        api = server.api(server.createAdmin());
    }

    @Test
    void installDisableRestartEnableUpgrade() throws Exception {
        assertEquals(404, api.get("/api/v1/live/whoami").statusCode());

        assertEquals(PluginState.STARTED, server.plugins().install(FixtureJars.good("live", "1.0.0").writeTo(JARS)).state());
        assertEquals(200, api.get("/api/v1/live/whoami").statusCode());
        assertTrue(Files.exists(server.pluginsDir().resolve("live-1.0.0.jar")));

        assertEquals(PluginState.DISABLED, server.plugins().disable("live").state());
        assertEquals(404, api.get("/api/v1/live/whoami").statusCode());

        server.restart();
        assertEquals(PluginState.DISABLED, server.plugins().plugin("live").orElseThrow().state(),
                "a disabled plugin stays disabled across restarts");
        assertEquals(404, api.get("/api/v1/live/whoami").statusCode());

        assertEquals(PluginState.STARTED, server.plugins().enable("live").state());
        assertTrue(api.get("/api/v1/live/whoami").body().contains("\"version\":\"1.0.0\""));

        assertEquals(PluginState.STARTED, server.plugins().install(FixtureJars.good("live", "1.1.0").writeTo(JARS)).state());
        assertTrue(api.get("/api/v1/live/whoami").body().contains("\"version\":\"1.1.0\""));
        assertFalse(Files.exists(server.pluginsDir().resolve("live-1.0.0.jar")), "the old version's jar is replaced");
        assertEquals(1, server.plugins().plugins().size());
    }

    @Test
    void installRefusesWhatIsNotAPluginOrNeedsANewerSdk() {
        PluginOperationException notAJar = assertThrows(PluginOperationException.class,
                () -> server.plugins().install(FixtureJars.notAJar(JARS)));
        assertTrue(notAJar.getMessage().contains("garbage.jar is not a plugin jar"), notAJar.getMessage());

        PluginOperationException tooNew = assertThrows(PluginOperationException.class,
                () -> server.plugins().install(FixtureJars.good("later", "1.0.0").requires(">=2.0.0").writeTo(JARS)));
        assertTrue(tooNew.getMessage().contains("requires SDK >=2.0.0"), tooNew.getMessage());
        assertFalse(Files.exists(server.pluginsDir().resolve("later-1.0.0.jar")), "a refused jar is not installed");
    }
}
