package io.ctops.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bare server: health, metrics, REST version and the Vaadin shell in a real browser. */
class ServerShellIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(
            FixtureJars.good("good", "1.0.0").writeTo(FixtureJars.newDir()));

    /** Every API path, plugin resources included, needs an API key. */
    private static ApiClient api;

    @BeforeAll
    static void createApiKey() {
        api = server.api(server.createAdmin());
    }

    @Test
    void healthIsOkWithTheDatabaseUpAndMigrated() {
        HttpResponse<String> health = server.get("/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("ok", health.body());
    }

    @Test
    void versionListsProductAndPlugins() {
        HttpResponse<String> version = server.get("/api/v1/version");
        assertEquals(200, version.statusCode());
        assertTrue(version.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(version.body().contains("\"product\":\"CT-Ops\""), version.body());
        assertTrue(version.body().contains("{\"id\":\"good\",\"version\":\"1.0.0\",\"state\":\"STARTED\"}"), version.body());
    }

    @Test
    void unknownApiPathsAnswer404AsJson() {
        HttpResponse<String> missing = api.get("/api/v1/nothing-here/x");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("\"error\""), missing.body());
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        HttpResponse<String> metrics = server.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.body().contains("# TYPE jvm_memory_used_bytes gauge"), metrics.body());
    }

    @Test
    void anAnonymousVisitorOfAnyPageIsSentToSignIn() {
        server.createAdmin();
        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            // set-up is covered by WebShellIT on an empty database; here users exist
            browser.openAndWaitFor(server.baseUrl() + "/plugins", "Log in", Duration.ofSeconds(30));
            browser.waitForElement(org.openqa.selenium.By.id("login-form"));
            assertTrue(browser.driver().getCurrentUrl().endsWith("/login"), browser.driver().getCurrentUrl());
            assertTrue(!browser.bodyText().contains("STARTED"), "no plugin list without signing in");
        }
    }
}
