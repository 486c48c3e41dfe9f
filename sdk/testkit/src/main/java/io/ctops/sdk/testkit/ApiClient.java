package io.ctops.sdk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Real HTTP calls to a test server's REST API with one API key ({@code null} sends none). Bodies are
 * JSON text, answers come back whole so tests can assert on status, headers and body.
 */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Supplier<String> baseUrl;
    private final String apiKey;

    /** @param baseUrl asked per call: a restarted test server listens on a new port */
    ApiClient(Supplier<String> baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(withJson(request(path), "POST", json));
    }

    public HttpResponse<String> put(String path, String json) {
        return send(withJson(request(path), "PUT", json));
    }

    public HttpResponse<String> patch(String path, String json) {
        return send(withJson(request(path), "PATCH", json));
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    /** POST raw bytes with the given content type (an upload). */
    public HttpResponse<String> post(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A request to {@code path} (e.g. {@code /api/v1/hosts}) carrying the key, for anything the helpers lack. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl.get() + path)).timeout(Duration.ofSeconds(60));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder withJson(HttpRequest.Builder builder, String method, String json) {
        return json == null ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
}
