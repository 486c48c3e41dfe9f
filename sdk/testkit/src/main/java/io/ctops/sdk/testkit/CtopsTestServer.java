package io.ctops.sdk.testkit;

import com.google.protobuf.Message;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.boot.CtopsServer;
import io.ctops.core.config.ServerConfig;
import io.ctops.core.config.StartOptions;
import io.ctops.core.services.CoreServices;
import io.ctops.core.identity.AgentIdentityServices;
import io.ctops.core.org.Organisations;
import io.ctops.core.plugin.PluginHost;
import io.ctops.core.services.CoreServices;
import io.ctops.core.users.NewUser;
import io.ctops.core.users.User;
import io.ctops.db.DatabaseUrl;
import io.ctops.db.ScratchDatabase;
import io.ctops.sdk.queue.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running CT-Ops server for one test class, on a fresh real PostgreSQL database that is dropped
 * afterwards, with a plugins directory holding the jars the test chose.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CtopsTestServer server = CtopsTestServer.withPluginJars(Path.of("target/my-plugin.jar"));
 * }</pre>
 *
 * The database server comes from {@code CT_OPS_TEST_DATABASE_URL} (default: postgres on 127.0.0.1:5432).
 */
public final class CtopsTestServer implements BeforeAllCallback, AfterAllCallback {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The server secret of every test server; also what the admin command line needs in a test. */
    public static final String SECRET = "testkit-secret-not-for-production";

    private final List<Path> pluginJars;
    private ScratchDatabase database;
    private Path home;
    private CtopsServer server;
    private UnaryOperator<ServerConfig> configChange = UnaryOperator.identity();
    private StartOptions startOptions = StartOptions.defaults();

    private CtopsTestServer(List<Path> pluginJars) {
        this.pluginJars = List.copyOf(pluginJars);
    }

    /** A server whose plugins directory starts with copies of these jars. */
    public static CtopsTestServer withPluginJars(Path... jars) {
        return new CtopsTestServer(List.of(jars));
    }

    /**
     * Changes the settings the server starts with (e.g. {@code c -> c.withQueue(QueueChoice.kafka(...))});
     * call before the server starts.
     */
    public CtopsTestServer configure(UnaryOperator<ServerConfig> change) {
        configChange = java.util.Objects.requireNonNull(change, "change is null");
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        database = ScratchDatabase.create();
        home = Files.createTempDirectory("ctops-test-");
        Path pluginsDir = Files.createDirectories(home.resolve("plugins"));
        for (Path jar : pluginJars) {
            Files.copy(jar, pluginsDir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
        if (database != null) {
            database.close();
        }
        TempDirs.deleteQuietly(home);
    }

    /** Stops and starts the server again on the same database and directories. */
    public void restart() throws Exception {
        restart(UnaryOperator.identity());
    }

    /** Stops the server and starts it again with changed settings (e.g. an operator CA); they replace {@link #configure}'s. */
    public void restart(UnaryOperator<ServerConfig> change) throws Exception {
        stop();
        configChange = change;
        start();
    }

    private void start() throws Exception {
        ServerConfig config = ServerConfig.forTest(home.resolve("data"), home.resolve("plugins"), database.url(),
                SECRET);
        server = CtopsServer.start(configChange.apply(config), startOptions);
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** {@code http://localhost:<port>} */
    public String baseUrl() {
        return "http://localhost:" + server.httpPort();
    }

    /** GET a path (e.g. {@code /api/v1/version}) and return the response with its body as text. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A REST client sending {@code Authorization: Bearer <apiKey>} ({@code null}: no header). */
    public ApiClient api(String apiKey) {
        return new ApiClient(this::baseUrl, apiKey);
    }

    /** A REST client acting as this user. */
    public ApiClient api(ApiUser user) {
        return api(user.apiKey());
    }

    /**
     * Creates a user with {@code role} ({@code super_admin}, {@code org_admin}, {@code engineer},
     * {@code read_only}) in the organisation, and an API key for it.
     */
    public ApiUser createUser(UUID orgId, String role) {
        Role parsed = Role.parse(role);
        String email = parsed.id().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        String password = "Pw-" + UUID.randomUUID();
        User user = services().users().create(new Actor(null, orgId, Role.SUPER_ADMIN, "testkit"),
                new NewUser(email, null, parsed, password));
        String key = services().apiKeys().create(new Actor(user.id(), orgId, parsed, email), "testkit", Optional.empty())
                .secret();
        return new ApiUser(user.id(), orgId, email, parsed.id(), password, key);
    }

    /** A new organisation with a super_admin and its API key, for tests that just need to call the API. */
    public ApiUser createAdmin() {
        return createUser(createOrganisation("org-" + UUID.randomUUID().toString().substring(0, 8)), "super_admin");
    }

    /** The services the UI, the REST API and the admin command line share. */
    public CoreServices services() {
        return server.services();
    }

    /**
     * The environment {@code bin/ctops admin} needs to work on this server's database: DATABASE_URL,
     * the secret and the directories.
     */
    public Map<String, String> adminEnvironment() {
        DatabaseUrl url = database.url();
        String jdbc = url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?")
                + (url.user() == null ? "" : "user=" + url.user())
                + (url.password() == null ? "" : "&password=" + url.password());
        return Map.of("DATABASE_URL", jdbc, "CT_OPS_SECRET", SECRET,
                "CT_OPS_DATA_DIR", home.resolve("data").toString(), "CT_OPS_PLUGINS_DIR", home.resolve("plugins").toString());
    }

    /** Publishes on the server's queue as ingest would. */
    public <T extends Message> void publish(Topic<T> topic, String key, T message) {
        server.queue().publish(topic, key, message);
    }

    /**
     * Reads what was published on a topic, as a consumer group of the test's own: up to {@code max}
     * records after the group's committed position, waiting up to {@code wait} for the first, and
     * commits them (so the next call returns what came after). A group that never read starts at the
     * topic's beginning. Lets a test check what a plugin published through the real queue.
     */
    public <T extends Message> List<T> read(String group, Topic<T> topic, int max, Duration wait) {
        if (!(server.queue() instanceof io.ctops.sdk.queue.spi.QueueBackend queue)) {
            throw new IllegalStateException("the server's queue cannot be read: " + server.queue());
        }
        try {
            List<io.ctops.sdk.queue.QueueRecord<?>> batch = queue.poll(group, List.of(topic), max, wait);
            if (!batch.isEmpty()) {
                queue.commit(group, batch);
            }
            return batch.stream().map(r -> r.payloadOf(topic)).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The gRPC port agents connect to. */
    public int grpcPort() {
        return server.grpcPort();
    }

    /** Heartbeat counters of the ingest role (received, stored, rate-limited, rejected). */
    public io.ctops.core.ingest.HeartbeatServices.Counters heartbeatCounters() {
        return server.heartbeatCounters();
    }

    /** The CA agents trust for the gRPC port and get their certificates from. */
    public java.security.cert.X509Certificate agentCaCertificate() {
        return server.identity().activeCa().authority().certificate();
    }

    /** Enrolment tokens, approvals, registration: the agent identity services. */
    public AgentIdentityServices identity() {
        return server.identity();
    }

    /** Creates an organisation and returns its id. */
    public java.util.UUID createOrganisation(String name) {
        return new Organisations(dsl()).create(name);
    }

    /** A copy of this server that starts with other operator options (e.g. a short session timeout). */
    public CtopsTestServer withStartOptions(StartOptions options) {
        this.startOptions = options;
        return this;
    }

    /** The server's plugin host: list, enable, disable, install. */
    public PluginHost plugins() {
        return server.plugins();
    }

    /** The plugins directory of this server. */
    public Path pluginsDir() {
        return home.resolve("plugins");
    }

    public DataSource dataSource() {
        return server.dataSource();
    }

    public DSLContext dsl() {
        return DSL.using(server.dataSource(), SQLDialect.POSTGRES);
    }

    /** Polls a condition until it holds, failing with the description after the timeout. */
    public static void await(String description, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + description);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + description);
            }
        }
    }

    /** Temp files for the test to use, removed with the server's home. */
    public Path scratchDir() {
        try {
            return Files.createDirectories(home.resolve("scratch"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
