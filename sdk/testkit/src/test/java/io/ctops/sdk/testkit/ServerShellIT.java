package io.ctops.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
    void staticFilesComeFromTheClassPathAndNothingElse() throws Exception {
        String uplot = "/webjars/uplot/" + uplotVersion() + "/dist/uPlot.iife.min.js";
        HttpResponse<String> script = fetch(uplot, "identity");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("content-type").orElse("").startsWith("application/javascript"));
        assertTrue(script.body().contains("uPlot"), "the library itself");

        // flow-push ships the script plain and gzipped: a client that takes gzip gets the smaller one
        HttpResponse<String> pushPlain = fetch("/VAADIN/static/push/vaadinPush-min.js", "identity");
        assertEquals(200, pushPlain.statusCode());
        assertTrue(pushPlain.body().contains("atmosphere"), "inflated text");
        HttpResponse<byte[]> pushGzip = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/VAADIN/static/push/vaadinPush-min.js"))
                        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", pushGzip.headers().firstValue("content-encoding").orElse(""));
        assertEquals(0x1f, pushGzip.body()[0] & 0xff, "gzip magic");

        for (String refused : new String[] {"/webjars/uplot/../../META-INF/MANIFEST.MF", "/webjars/uplot/x/.hidden.js",
                "/webjars/uplot/" + uplotVersion() + "/package.json", "/webjars/nothing/1.0/a.js",
                "/VAADIN/static/push/sub/vaadinPush-min.js", "/VAADIN/static/push/vaadinPush.js.gz"}) {
            assertEquals(404, fetch(refused, "identity").statusCode(), refused);
        }
    }

    private static HttpResponse<String> fetch(String path, String encoding) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Accept-Encoding", encoding).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String uplotVersion() throws Exception {
        var props = new java.util.Properties();
        try (var in = ServerShellIT.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            props.load(in);
        }
        return props.getProperty("version");
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
