package io.ctops.agent.plugin.checks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ctops.proto.agent.v1.CheckResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against real HTTP and HTTPS servers on the loopback interface. */
class HttpCheckExecutorTest {

    private final HttpCheckExecutor executor = new HttpCheckExecutor(Checks.context());
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
    }

    private String startHttp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        return serve("http");
    }

    private String startHttps() throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.serverContext()));
        server = https;
        return serve("https");
    }

    private String serve(String scheme) {
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"up\",\"db\":\"ok\"}"));
        server.createContext("/broken", exchange -> answer(exchange, 503, "maintenance"));
        server.createContext("/slow", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "late");
        });
        server.setExecutor(serverThreads);
        server.start();
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private CheckResult run(String... settings) throws Exception {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return executor.run(Checks.definition("http", map));
    }

    @Test
    void theExpectedStatusIsOk() throws Exception {
        String base = startHttp();

        CheckResult result = run("url", base + "/health");

        assertEquals(CheckResult.State.STATE_OK, result.getState(), result.getOutput());
        assertTrue(result.getOutput().matches("HTTP 200 from " + base + "/health in \\d+ ms"), result.getOutput());
        assertEquals("http-1", result.getCheckId());
    }

    @Test
    void anotherStatusIsCriticalUnlessItIsTheExpectedOne() throws Exception {
        String base = startHttp();

        CheckResult broken = run("url", base + "/broken");
        CheckResult expected = run("url", base + "/broken", "expected_status", "503");

        assertEquals(CheckResult.State.STATE_CRITICAL, broken.getState());
        assertEquals("HTTP 503 from " + base + "/broken, expected 200", broken.getOutput());
        assertEquals(CheckResult.State.STATE_OK, expected.getState(), expected.getOutput());
        assertEquals("HTTP 404 from " + base + "/missing, expected 200", run("url", base + "/missing").getOutput());
    }

    @Test
    void theBodyMustContainTheTextWhenOneIsGiven() throws Exception {
        String base = startHttp();

        assertEquals(CheckResult.State.STATE_OK, run("url", base + "/health", "body_contains", "\"db\":\"ok\"").getState());
        CheckResult missing = run("url", base + "/health", "body_contains", "\"db\":\"down\"");
        assertEquals(CheckResult.State.STATE_CRITICAL, missing.getState());
        assertEquals("HTTP 200 from " + base + "/health but the body does not contain \"\"db\":\"down\"\"",
                missing.getOutput());
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsCritical() throws Exception {
        String base = startHttp();

        CheckResult result = run("url", base + "/slow", "timeout_ms", "300");

        assertEquals(CheckResult.State.STATE_CRITICAL, result.getState());
        assertEquals("no response from " + base + "/slow within 300 ms", result.getOutput());
        assertTrue(result.getDurationMs() >= 300 && result.getDurationMs() < 5000, "took " + result.getDurationMs());
    }

    @Test
    void nothingListeningIsCriticalWithTheReason() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        CheckResult result = run("url", "http://127.0.0.1:" + closed + "/health");

        assertEquals(CheckResult.State.STATE_CRITICAL, result.getState());
        assertTrue(result.getOutput().startsWith("GET http://127.0.0.1:" + closed + "/health failed: could not connect"),
                result.getOutput());
    }

    @Test
    void aSelfSignedCertificateForAnotherNameFailsWhenVerifiedAndPassesWithTlsVerifyFalse() throws Exception {
        String base = startHttps();

        CheckResult verified = run("url", base + "/health");
        CheckResult unverified = run("url", base + "/health", "tls_verify", "false");
        CheckResult verifiedAgain = run("url", base + "/health", "tls_verify", "true");

        assertEquals(CheckResult.State.STATE_CRITICAL, verified.getState());
        assertTrue(verified.getOutput().startsWith("TLS with " + base + "/health failed: "), verified.getOutput());
        assertTrue(verified.getOutput().contains("certification path"), verified.getOutput());
        assertEquals(CheckResult.State.STATE_OK, unverified.getState(), unverified.getOutput());
        assertTrue(unverified.getOutput().startsWith("HTTP 200 from " + base + "/health in "), unverified.getOutput());
        assertEquals(CheckResult.State.STATE_CRITICAL, verifiedAgain.getState(),
                "trusting one check's server does not change the others' trust");
    }

    @Test
    void badSettingsAreUnknownWithWhatIsWrong() throws Exception {
        assertEquals("invalid settings: url is missing", run().getOutput());
        assertEquals("invalid settings: url must start with http:// or https://, not \"ftp://files/\"",
                run("url", "ftp://files/").getOutput());
        assertEquals("invalid settings: expected_status must be a whole number from 100 to 599, not \"2xx\"",
                run("url", "http://a/", "expected_status", "2xx").getOutput());
        assertEquals("invalid settings: tls_verify must be true or false, not \"no\"",
                run("url", "https://a/", "tls_verify", "no").getOutput());
        assertEquals(CheckResult.State.STATE_UNKNOWN, run("url", "http://a/", "timeout_ms", "0").getState());
    }
}
