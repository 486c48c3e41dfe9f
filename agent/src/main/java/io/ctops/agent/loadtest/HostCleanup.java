package io.ctops.agent.loadtest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * {@code ctops-agent loadtest cleanup}: deletes a run's hosts through the REST API. Finds them with
 * {@code GET /api/v1/hosts?search=lt-<run id>-&page_size=200}, keeps only hostnames that start with the
 * run's prefix, and deletes each with {@code DELETE /api/v1/hosts/{id}}, a few at a time, until none is
 * left. Stops when a round deletes nothing, so a refusal cannot loop forever.
 */
public final class HostCleanup {

    static final int PAGE_SIZE = 200;
    static final int CONCURRENT_DELETES = 8;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String apiUrl;
    private final String apiKey;
    private final String prefix;
    private final PrintStream out;

    /**
     * @param apiUrl e.g. {@code http://localhost:8080}
     * @param apiKey an API key of a user who may delete hosts
     * @param runId the run whose hosts go
     */
    public HostCleanup(String apiUrl, String apiKey, String runId, PrintStream out) {
        this.apiUrl = requireNonNull(apiUrl, "apiUrl is null").replaceAll("/+$", "");
        this.apiKey = requireNonNull(apiKey, "apiKey is null");
        this.prefix = "lt-" + requireNonNull(runId, "runId is null") + "-";
        this.out = requireNonNull(out, "out is null");
    }

    /** {@return how many hosts were deleted} */
    public int run() throws IOException, InterruptedException {
        int deleted = 0;
        while (true) {
            List<String> ids = findPage();
            if (ids.isEmpty()) {
                break;
            }
            int round = deleteAll(ids);
            deleted += round;
            out.printf("deleted %d host(s) of run %s so far%n", deleted, prefix);
            if (round == 0) {
                throw new IOException("none of " + ids.size() + " hosts could be deleted; stopping");
            }
        }
        out.printf("cleanup: %d host(s) named %s* deleted%n", deleted, prefix);
        return deleted;
    }

    private List<String> findPage() throws IOException, InterruptedException {
        URI uri = URI.create(apiUrl + "/api/v1/hosts?search=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8)
                + "&page_size=" + PAGE_SIZE + "&page=0");
        HttpResponse<String> response = http.send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return idsOfRun(response.body(), prefix);
    }

    /** The ids of the hosts in a hosts page whose hostname starts with the prefix. */
    static List<String> idsOfRun(String pageJson, String prefix) throws InvalidProtocolBufferException {
        Struct.Builder page = Struct.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(pageJson, page);
        List<String> ids = new ArrayList<>();
        Value items = page.getFieldsOrDefault("items", Value.getDefaultInstance());
        for (Value item : items.getListValue().getValuesList()) {
            Struct host = item.getStructValue();
            String hostname = host.getFieldsOrDefault("hostname", Value.getDefaultInstance()).getStringValue();
            String id = host.getFieldsOrDefault("id", Value.getDefaultInstance()).getStringValue();
            if (hostname.startsWith(prefix) && !id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private int deleteAll(List<String> ids) {
        AtomicInteger deleted = new AtomicInteger();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (String id : ids) {
            URI uri = URI.create(apiUrl + "/api/v1/hosts/" + id);
            running.add(http.sendAsync(request(uri).DELETE().build(), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        if (response.statusCode() == 204 || response.statusCode() == 200 || response.statusCode() == 404) {
                            deleted.incrementAndGet();
                        } else {
                            out.printf("DELETE %s answered %d: %s%n", uri, response.statusCode(), abbreviate(response.body()));
                        }
                    }));
            if (running.size() >= CONCURRENT_DELETES) {
                running.forEach(CompletableFuture::join);
                running.clear();
            }
        }
        running.forEach(CompletableFuture::join);
        return deleted.get();
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
