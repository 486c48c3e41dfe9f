package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.sdk.agent.AgentPluginContext;
import io.ctops.sdk.agent.CheckExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.pf4j.Extension;

import static java.util.Objects.requireNonNull;

/**
 * The {@code http} check: a GET of a URL with {@link HttpClient}. OK when the status is the expected
 * one (and the body contains the expected text, if set); CRITICAL with the status or the reason
 * otherwise. Redirects are not followed: a 301 is reported as a 301.
 *
 * <p>Checks with {@code tls_verify=false} use a client of their own that trusts any certificate;
 * every other check keeps the JVM's default trust.
 */
@Extension
public final class HttpCheckExecutor implements CheckExecutor {

    /** How much of the body is searched for {@code body_contains}. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final Clock clock;
    private HttpClient verifying;
    private HttpClient trustingAny;

    /**
     * @param context the plugin's context, for the clock
     */
    public HttpCheckExecutor(AgentPluginContext context) {
        this.clock = requireNonNull(context, "context is null").clock();
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public void validate(CheckDefinition definition) {
        HttpCheckSettings.from(definition);
    }

    @Override
    public CheckResult run(CheckDefinition definition) throws InterruptedException {
        CheckOutcomes outcome = CheckOutcomes.start(definition, clock);
        HttpCheckSettings settings;
        try {
            settings = HttpCheckSettings.from(definition);
        } catch (IllegalArgumentException e) {
            return outcome.invalidSettings(e);
        }
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(Duration.ofMillis(settings.timeoutMs()))
                .header("User-Agent", "ctops-agent-check")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = client(settings.tls()).send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                return judge(outcome, settings, response.statusCode(), body);
            }
        } catch (HttpTimeoutException e) {
            return outcome.critical("no response from " + settings.url() + " within " + settings.timeoutMs() + " ms");
        } catch (SSLException e) {
            return outcome.critical("TLS with " + settings.url() + " failed: " + CheckOutcomes.reason(e));
        } catch (ConnectException e) {
            // HttpClient's ConnectException often has no message: say what it means
            String reason = CheckOutcomes.reason(e);
            return outcome.critical("GET " + settings.url() + " failed: could not connect"
                    + (reason.equals(e.getClass().getSimpleName()) ? "" : " (" + reason + ")"));
        } catch (IOException e) {
            return outcome.critical("GET " + settings.url() + " failed: " + CheckOutcomes.reason(e));
        }
    }

    private static CheckResult judge(CheckOutcomes outcome, HttpCheckSettings settings, int status, InputStream body)
            throws IOException {
        if (status != settings.expectedStatus()) {
            return outcome.critical("HTTP " + status + " from " + settings.url() + ", expected "
                    + settings.expectedStatus());
        }
        if (settings.bodyContains().isPresent()) {
            String text = new String(body.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
            if (!text.contains(settings.bodyContains().get())) {
                return outcome.critical("HTTP " + status + " from " + settings.url() + " but the body does not contain \""
                        + settings.bodyContains().get() + "\"");
            }
        }
        return outcome.ok("HTTP " + status + " from " + settings.url() + " in " + outcome.elapsedMillis() + " ms");
    }

    /** One client per kind of trust, shared by the checks: its connection pool and threads are reused. */
    private synchronized HttpClient client(HttpCheckSettings.TlsVerification tls) {
        if (tls == HttpCheckSettings.TlsVerification.TRUST_ANY) {
            if (trustingAny == null) {
                trustingAny = builder().sslContext(TrustAnyCertificate.context()).build();
            }
            return trustingAny;
        }
        if (verifying == null) {
            verifying = builder().build();
        }
        return verifying;
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
    }
}
