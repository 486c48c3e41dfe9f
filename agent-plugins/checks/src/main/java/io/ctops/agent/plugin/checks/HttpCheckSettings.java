package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The settings of an {@code http} check.
 *
 * @param url the http or https URL to GET
 * @param expectedStatus the status code that counts as healthy
 * @param timeoutMs how long to wait for the response's status and headers
 * @param bodyContains text the body must contain, if set
 * @param tls whether the server's certificate is verified
 */
record HttpCheckSettings(URI url, int expectedStatus, int timeoutMs, Optional<String> bodyContains, TlsVerification tls) {

    static final int DEFAULT_STATUS = 200;
    static final int DEFAULT_TIMEOUT_MS = 5000;
    private static final Set<String> KEYS = Set.of("url", "expected_status", "timeout_ms", "body_contains", "tls_verify");

    /** Whether an https server's certificate chain and host name are checked. */
    enum TlsVerification { VERIFY, TRUST_ANY }

    HttpCheckSettings {
        requireNonNull(url, "url is null");
        requireNonNull(bodyContains, "bodyContains is null");
        requireNonNull(tls, "tls is null");
    }

    /** Reads the settings without any I/O; throws {@link IllegalArgumentException} naming what is wrong. */
    static HttpCheckSettings from(CheckDefinition definition) {
        CheckSettings settings = CheckSettings.of(definition, KEYS);
        URI url = url(settings.required("url"));
        // body_contains is taken as given: leading or trailing spaces may be what is looked for
        Optional<String> body = Optional.ofNullable(definition.getSettingsMap().get("body_contains"))
                .filter(text -> !text.isEmpty());
        return new HttpCheckSettings(url, settings.integer("expected_status", DEFAULT_STATUS, 100, 599),
                settings.integer("timeout_ms", DEFAULT_TIMEOUT_MS, 1, 600_000), body,
                settings.flag("tls_verify", true) ? TlsVerification.VERIFY : TlsVerification.TRUST_ANY);
    }

    private static URI url(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a URL: " + e.getMessage());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url must start with http:// or https://, not \"" + text + "\"");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("url has no host: \"" + text + "\"");
        }
        return url;
    }
}
