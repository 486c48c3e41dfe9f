package io.ctops.core.boot;

import static java.util.Objects.requireNonNull;

import io.ctops.core.api.PluginResources;
import io.ctops.core.api.ProductInfo;
import io.ctops.core.api.RestApplication;
import io.ctops.core.access.Refusal;
import io.ctops.core.config.ConfigException;
import io.ctops.core.config.FirstAdmin;
import io.ctops.core.config.QueueKind;
import io.ctops.core.config.ServerConfig;
import io.ctops.core.config.StartOptions;
import io.ctops.core.config.ServerRole;
import io.ctops.core.config.ServerSecret;
import io.ctops.core.events.EventSpineConsumer;
import io.ctops.core.http.HttpServer;
import io.ctops.core.identity.AgentIdentityServices;
import io.ctops.core.hosts.ActiveAgents;
import io.ctops.core.hosts.HostStatusRuntime;
import io.ctops.core.hosts.HostStatusTransitions;
import io.ctops.core.hosts.VitalsBatcher;
import io.ctops.core.ingest.HeartbeatContributors;
import io.ctops.core.ingest.HeartbeatServices;
import io.ctops.core.ingest.IngestServer;
import io.ctops.core.ingest.IngestTls;
import io.ctops.core.security.SecretBox;
import io.ctops.core.services.CoreServices;
import io.ctops.core.job.JobScheduler;
import io.ctops.core.users.SignInService;
import io.ctops.core.metrics.ServerMetrics;
import io.ctops.core.plugin.PluginHost;
import io.ctops.core.plugin.PluginOperationException;
import io.ctops.core.queue.ConsumerRuntime;
import io.ctops.core.queue.MeteredQueue;
import io.ctops.core.queue.QueueMetrics;
import io.ctops.core.queue.wal.WalQueue;
import io.ctops.core.queue.wal.WalSettings;
import io.ctops.core.web.FleetChanges;
import io.ctops.core.web.PluginRoutes;
import io.ctops.core.web.WebServices;
import io.ctops.db.ConnectionPool;
import io.ctops.db.DatabaseUrl;
import io.ctops.db.ManagedPostgres;
import io.ctops.db.MigrationResult;
import io.ctops.db.SchemaMigrator;
import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.spi.QueueBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server, assembled from its settings: database (managed or given), core migrations, plugin jars,
 * the queue (local, or from the plugin that provides the chosen one), the parts that put plugins to
 * work per role, the other plugins, then HTTP. {@link #close()} takes it down in reverse order and may
 * be called more than once (shutdown hook and tests).
 */
public final class CtopsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CtopsServer.class);

    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private final ProductInfo product = ProductInfo.load();
    private DataSource dataSource;
    private QueueBackend queue;
    private PluginHost plugins;
    private HttpServer http;
    private AgentIdentityServices identity;
    private CoreServices services;
    private IngestServer ingest;
    private HeartbeatServices.Counters heartbeatCounters;
    private boolean closed;

    private CtopsServer() {
    }

    /** Starts a server; on failure everything already started is stopped again and the cause is thrown. */
    public static CtopsServer start(ServerConfig config) throws Exception {
        return start(config, StartOptions.defaults());
    }

    /** Starts a server with the given operator-side options (first admin, session timeout). */
    public static CtopsServer start(ServerConfig config, StartOptions options) throws Exception {
        requireNonNull(config, "config is null");
        CtopsServer server = new CtopsServer();
        try {
            server.boot(config, options);
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private void boot(ServerConfig config, StartOptions options) throws Exception {
        long started = System.nanoTime();
        LOG.info("CT-Ops {} starting: roles {}, data dir {}, plugins dir {}", product.productVersion(),
                config.roles(), config.dataDir(), config.pluginsDir());
        createDataDir(config);
        ServerSecret secret = ServerSecret.resolve(config);

        DatabaseUrl url;
        if (config.databaseUrl().isPresent()) {
            url = config.databaseUrl().get();
            LOG.info("Database: {}", url);
        } else {
            ManagedPostgres managed = ManagedPostgres.start(config.dataDir().resolve("postgres"));
            closeOrder.push(managed);
            url = managed.url();
            LOG.info("Database: embedded PostgreSQL in {} ({})", config.dataDir().resolve("postgres"), url);
        }
        ConnectionPool pool = ConnectionPool.open(url, "ctops", 16);
        closeOrder.push(pool);
        dataSource = pool.dataSource();
        SchemaMigrator migrator = new SchemaMigrator();
        MigrationResult core = migrator.migrateCore(dataSource);
        LOG.info("Core schema at version {} ({} migration(s) applied)", core.currentVersion(), core.applied());

        DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        SecretBox secrets = new SecretBox(secret.value());
        identity = AgentIdentityServices.start(dsl, secrets, Clock.systemUTC(), OperatorKeys.agentCa(config));
        plugins = new PluginHost(config.pluginsDir(), config.dataDir().resolve("plugin-data"), dataSource,
                Clock.systemUTC(), product.sdkVersion());
        // unloading plugin classes comes last: the queue, closed before, may be a plugin's
        closeOrder.push(plugins);
        plugins.loadAll();
        QueueMetrics queueMetrics = new QueueMetrics();
        queue = new MeteredQueue(openQueue(config, queueMetrics), queueMetrics);
        closeOrder.push(queue);
        ConsumerRuntime consumers = new ConsumerRuntime(queue);
        closeOrder.push(consumers);

        HeartbeatContributors contributors = new HeartbeatContributors();
        if (config.has(ServerRole.INGEST)) {
            startIngest(config, dsl, secrets, contributors);
        }

        PluginResources pluginResources = new PluginResources();
        PluginRoutes pluginRoutes = new PluginRoutes();
        JobScheduler jobs = null;
        if (config.has(ServerRole.CONSUMERS)) {
            consumers.startOwn("core", new EventSpineConsumer(dsl));
            jobs = new JobScheduler(2);
            closeOrder.push(jobs);
            plugins.addListener(consumers);
            plugins.addListener(jobs);
        }
        if (config.has(ServerRole.INGEST)) {
            plugins.addListener(contributors);
        }
        if (config.has(ServerRole.WEB)) {
            plugins.addListener(pluginResources);
            plugins.addListener(pluginRoutes);
        }
        closeOrder.push(plugins::stopAll);
        plugins.startAll(queue);
        if (ingest != null) {
            // Agents are let in once the plugins run and out before they stop: an answer made without the
            // plugins' HeartbeatContributors would tell every agent that its set of checks is empty.
            closeOrder.push(ingest);
            ingest.start();
        }

        services = CoreServices.create(dsl, secrets, identity, Optional.of(plugins), Clock.systemUTC());
        options.firstAdmin().ifPresent(this::createFirstAdmin);
        if (jobs != null) {
            SignInService signIn = services.signIn();
            jobs.scheduleCore("sign-in-attempts-purge", Duration.ofMinutes(10), () -> {
                int forgotten = signIn.forgetExpiredAttempts();
                if (forgotten > 0) {
                    LOG.debug("Forgot {} expired sign-in attempt(s)", forgotten);
                }
            });
        }
        FleetChanges fleetChanges = new FleetChanges(dsl, 3000);
        closeOrder.push(fleetChanges);
        ServerMetrics metrics = new ServerMetrics(plugins, queueMetrics, consumers, Optional.ofNullable(heartbeatCounters));
        http = new HttpServer(config.httpPort(),
                RestApplication.create(product, plugins, pluginResources, services,
                        ingest == null ? config.grpcPort() : ingest.port()),
                () -> healthProblem(pool, migrator),
                metrics::exposition,
                () -> identity.jwts().get().jwksJson(),
                new WebServices(product, plugins, pluginRoutes, services, options.sessionTimeout(), fleetChanges,
                        ingest == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(ingest.port())));
        closeOrder.push(http);
        http.start();
        pluginRoutes.attach(http.servletContext());
        LOG.info("CT-Ops {} ready in {} ms: http://localhost:{}/", product.productVersion(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), http.port());
    }

    /** The queue the operator chose: the local write-ahead log, or the one a plugin provides. */
    private QueueBackend openQueue(ServerConfig config, QueueMetrics metrics) {
        if (config.queue().kind() == QueueKind.LOCAL) {
            return new WalQueue(config.dataDir().resolve("queue"), WalSettings.defaults().withFsync(config.queueFsync()),
                    metrics, Clock.systemUTC());
        }
        String name = config.queue().kind().settingName();
        try {
            return plugins.openQueue(name, config.queue().brokerSettings().orElseThrow());
        } catch (PluginOperationException e) {
            throw new ConfigException("CT_OPS_QUEUE", "is " + name + ", but " + e.getMessage()
                    + " (install the ctops-plugin-queue-" + name + " jar into CT_OPS_PLUGINS_DIR)");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CT_OPS_QUEUE", "the " + name + " queue refused its settings: " + e.getMessage());
        }
    }

    /** The gRPC port with its TLS identity, heartbeat handling and the host status work behind it. */
    private void startIngest(ServerConfig config, DSLContext dsl, SecretBox secrets, HeartbeatContributors contributors)
            throws java.io.IOException {
        Clock clock = Clock.systemUTC();
        IngestTls.Material tls = OperatorKeys.grpcTls(config)
                .orElseGet(() -> IngestTls.generatedOrStored(dsl, secrets, clock, identity.activeCa()));
        HostStatusTransitions transitions = new HostStatusTransitions(dsl, queue, clock, instanceId());
        VitalsBatcher vitals = new VitalsBatcher(dsl, transitions::heartbeatingWhileOffline);
        closeOrder.push(new HostStatusRuntime(vitals, transitions));
        heartbeatCounters = new HeartbeatServices.Counters();
        ingest = new IngestServer(config.grpcPort(), tls, config.ingestLimits(), dsl, identity, new HeartbeatServices(new ActiveAgents(dsl),
                transitions, vitals, queue, contributors, clock, heartbeatCounters), clock);
        // started once the plugins run (see start); its threads are daemons, should start-up fail before that
    }

    /** Head-less first run: the organisation and its super_admin from the environment, once. */
    private void createFirstAdmin(FirstAdmin admin) {
        if (!services.users().needsSetup()) {
            LOG.info("CT_OPS_ADMIN_EMAIL is set but users exist already; nothing to create");
            return;
        }
        try {
            services.users().setUp(admin.organisation(), admin.email(), null, admin.password());
            LOG.info("Created organisation '{}' and its super_admin {}", admin.organisation(), admin.email());
        } catch (Refusal e) {
            throw new IllegalStateException("CT_OPS_ADMIN_EMAIL/CT_OPS_ADMIN_PASSWORD: " + e.getMessage(), e);
        }
    }

    private Optional<String> healthProblem(ConnectionPool pool, SchemaMigrator migrator) {
        if (!pool.isReachable(Duration.ofSeconds(2))) {
            return Optional.of("database unreachable");
        }
        if (!migrator.isCoreUpToDate(dataSource)) {
            return Optional.of("core schema migrations have not all run");
        }
        Optional<String> queueProblem = queue.healthProblem();
        if (queueProblem.isPresent()) {
            return queueProblem.map(problem -> "queue: " + problem);
        }
        return plugins.migrationProblems().stream().findFirst();
    }

    /** Names this process in the host rows it holds, so a closing stream only marks its own hosts offline. */
    private static String instanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private static void createDataDir(ServerConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new IllegalStateException("CT_OPS_DATA_DIR: cannot create " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    public int httpPort() {
        return http.port();
    }

    public PluginHost plugins() {
        return plugins;
    }

    public QueuePublisher queue() {
        return queue;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Enrolment tokens, approvals and the other agent identity services. */
    public AgentIdentityServices identity() {
        return identity;
    }

    /** The gRPC port agents connect to (the chosen one when configured as 0). */
    public int grpcPort() {
        if (ingest == null) {
            throw new IllegalStateException("this server has no ingest role");
        }
        return ingest.port();
    }

    /** Heartbeat counters of the ingest role. */
    public HeartbeatServices.Counters heartbeatCounters() {
        return heartbeatCounters;
    }

    /** The services the UI, the REST API and the admin command line share. */
    public CoreServices services() {
        return services;
    }

    public ProductInfo product() {
        return product;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("CT-Ops stopping");
        while (!closeOrder.isEmpty()) {
            AutoCloseable next = closeOrder.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", next.getClass().getSimpleName(), e.toString());
            }
        }
        LOG.info("CT-Ops stopped");
    }
}
