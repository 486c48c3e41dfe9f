package io.ctops.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.plugin.PluginState;
import io.ctops.core.plugin.PluginStatus;
import io.ctops.plugin.fixture.BrokenMigrations;
import io.ctops.plugin.fixture.FailingStartPlugin;
import io.ctops.plugin.fixture.FixtureResource;
import io.ctops.plugin.fixture.SneakyCoreAccess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Broken plugin jars are each reported with their reason, and never stop the healthy one. */
class PluginFailuresIT {

    private static final Path JARS = FixtureJars.newDir();

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(
            FixtureJars.good("good", "1.0.0").writeTo(JARS),
            FixtureJars.notAJar(JARS),
            FixtureJars.good("good", "2.0.0").writeTo(JARS.resolve("duplicate")),
            FixtureJars.good("future", "1.0.0").requires(">=99.0.0").writeTo(JARS),
            PluginJarBuilder.plugin("crashy", "1.0.0").pluginClass(FailingStartPlugin.class).writeTo(JARS),
            PluginJarBuilder.plugin("broken-db", "1.0.0").extension(BrokenMigrations.class)
                    .resource("db/migration/fixture-broken/V1__fixture_broken.sql").writeTo(JARS),
            PluginJarBuilder.plugin("orphan", "1.0.0").dependencies("absent@>=1.0.0")
                    .extension(FixtureResource.class).writeTo(JARS),
            PluginJarBuilder.plugin("sneaky", "1.0.0").extension(SneakyCoreAccess.class).writeTo(JARS));

    /** Every API path, plugin resources included, needs an API key. */
    private static ApiClient api;

    @BeforeAll
    static void createApiKey() {
        api = server.api(server.createAdmin());
    }

    @Test
    void theHealthyPluginRunsMigratedAndServesRest() {
        assertEquals(PluginState.STARTED, status("good", "1.0.0").state());
        HttpResponse<String> response = api.get("/api/v1/good/whoami");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"plugin\":\"good\"") && response.body().contains("\"version\":\"1.0.0\""),
                response.body());
        assertTrue(tableExists("fixture_good"));
        assertTrue(tableExists("flyway_history_good"));
    }

    @Test
    void eachBrokenJarIsFailedWithAClearReason() {
        assertFailed(status("garbage.jar", "unknown"), "not a plugin jar");
        assertFailed(status("good", "2.0.0"), "duplicate plugin id 'good'");
        assertFailed(status("future", "1.0.0"), "requires SDK >=99.0.0 but this server provides SDK 0.1.0");
        assertFailed(status("crashy", "1.0.0"), "boom in start");
        assertFailed(status("broken-db", "1.0.0"), "V1__fixture_broken");
        assertFailed(status("orphan", "1.0.0"), "requires plugin 'absent' which is not installed");
        assertEquals(404, api.get("/api/v1/orphan/whoami").statusCode());
    }

    @Test
    void aFailedMigrationRollsBackAndLeavesTheCoreSchemaIntact() {
        assertFalse(tableExists("fixture_broken"), "the failed script's first statement must be rolled back");
        int coreFailures = server.dsl().fetchCount(DSL.table(DSL.name("flyway_history_core")),
                DSL.field(DSL.name("success")).eq(false));
        int coreApplied = server.dsl().fetchCount(DSL.table(DSL.name("flyway_history_core")),
                DSL.field(DSL.name("success")).eq(true));
        assertEquals(0, coreFailures);
        assertTrue(coreApplied >= 1);
        String recorded = server.dsl().select(DSL.field(DSL.name("state"), String.class))
                .from(DSL.table(DSL.name("plugin_state")))
                .where(DSL.field(DSL.name("plugin_id")).eq("broken-db")).fetchOne(0, String.class);
        assertEquals("FAILED", recorded);
    }

    @Test
    void healthNamesTheFailedMigrationUntilThePluginIsDisabled() {
        HttpResponse<String> unhealthy = server.get("/healthz");
        assertEquals(503, unhealthy.statusCode());
        assertTrue(unhealthy.body().contains("plugin broken-db"), unhealthy.body());

        server.plugins().disable("broken-db");
        HttpResponse<String> healthy = server.get("/healthz");
        assertEquals(200, healthy.statusCode(), healthy.body());
        assertEquals("ok", healthy.body());
        server.plugins().enable("broken-db"); // fails again: back to the state the other tests expect
        assertEquals(503, server.get("/healthz").statusCode());
    }

    @Test
    void aPluginCannotLoadServerInternals() {
        HttpResponse<String> response = api.get("/api/v1/sneaky/core");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("refused", response.body());
    }

    @Test
    void metricsExposeEveryPluginState() {
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("ctops_plugin_state{plugin=\"crashy\",state=\"FAILED\",version=\"1.0.0\"} 1"), metrics);
        assertTrue(metrics.contains("ctops_plugin_state{plugin=\"good\",state=\"STARTED\",version=\"1.0.0\"} 1"), metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes{area=\"heap\"}"), metrics);
    }

    private static PluginStatus status(String id, String version) {
        List<PluginStatus> all = server.plugins().plugins();
        return all.stream().filter(s -> s.id().equals(id) && s.version().equals(version)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + id + " " + version + " in " + all));
    }

    private static void assertFailed(PluginStatus status, String reasonPart) {
        assertEquals(PluginState.FAILED, status.state(), status.toString());
        String reason = status.reason().orElse("");
        assertTrue(reason.contains(reasonPart), "reason of " + status.id() + " was: " + reason);
    }

    private static boolean tableExists(String table) {
        return server.dsl().fetchExists(DSL.selectOne().from(DSL.table(DSL.name("information_schema", "tables")))
                .where(DSL.field(DSL.name("table_name")).eq(table)));
    }
}
