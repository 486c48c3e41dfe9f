package io.ctops.core.ingest;

import static java.util.Objects.requireNonNull;

import io.ctops.core.audit.AuditLog;
import io.ctops.core.config.IngestLimits;
import io.ctops.core.identity.AgentIdentityServices;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC port agents talk to: TLS with the ingest certificate, client certificates requested (Register
 * works without one; everything else needs one), trust and revocation refreshed from the database.
 * What one connection may cost is bounded by {@link IngestLimits}: message and heartbeat size, the time
 * to the HTTP/2 preface, calls per connection, idle and age; {@link HeartbeatGuard} ends heartbeat streams
 * that are too large or too fast, and HTTP/2 flow control holds back an agent that stops reading.
 */
public final class IngestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    static final Duration TRUST_REFRESH = Duration.ofSeconds(2);
    /** Without any traffic for this long the server pings; a peer that does not answer is dropped. */
    static final Duration KEEPALIVE = Duration.ofMinutes(1);
    static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);
    /**
     * HTTP/2 receive window per stream and per connection: what an agent may have sent that the server has
     * not read yet. gRPC's 1 MiB would let each stalled connection (an agent that stops reading its answers, so
     * its stream stops being read) park 1 MiB here; heartbeats are a few KiB, and a large one still arrives.
     */
    static final int FLOW_CONTROL_WINDOW = 256 * 1024;
    /** 15 refreshes of 2 s: a JWT key rotated by another instance is picked up within 30 s. */
    static final int JWT_RELOAD_EVERY_REFRESHES = 15;
    /**
     * At shutdown, how long calls may take to finish once the heartbeat streams were told to reconnect: a
     * heartbeat being stored is acknowledged first, Register runs to its end. Heartbeat streams never end
     * by themselves, so without that nudge every shutdown waited the whole grace period.
     */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /**
     * Once every heartbeat stream ended, how long other calls (Register, RenewCertificate, a few hundred ms at
     * most) and connections may take before they are cut; a cut Register is retried by its agent.
     */
    static final Duration CALLS_GRACE = Duration.ofSeconds(1);

    private final Server server;
    private final ScheduledExecutorService refresher;
    private final ScheduledExecutorService readDelays;
    // runs the gRPC calls (a heartbeat is answered on the thread that completed its publishes: HeartbeatStream)
    private final ExecutorService calls;
    private final AuditLog audit;
    private final AtomicLong refreshes = new AtomicLong();
    private final OpenHeartbeatStreams openStreams = new OpenHeartbeatStreams();

    public IngestServer(int port, IngestTls.Material tls, IngestLimits limits, DSLContext dsl,
                        AgentIdentityServices identity, HeartbeatServices heartbeats, Clock clock) {
        requireNonNull(tls, "tls is null");
        requireNonNull(limits, "limits is null");
        readDelays = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ingest-read-pace");
            thread.setDaemon(true);
            return thread;
        });
        HeartbeatGuard guard = new HeartbeatGuard(limits.maxHeartbeatBytes(), heartbeats.counters(), System::nanoTime,
                readDelays);
        this.audit = identity.audit();
        RevocationList revocations = new RevocationList(dsl, clock);
        revocations.refresh();
        TrustedAgentCas trusted = new TrustedAgentCas(identity.caStore());
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ingest-trust-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(() -> {
            revocations.refresh();
            trusted.refresh();
            // JWT keys change rarely and a retired key keeps verifying: no need to unseal them every 2 s
            if (refreshes.incrementAndGet() % JWT_RELOAD_EVERY_REFRESHES == 0) {
                reloadJwtKeys(identity);
            }
        }, TRUST_REFRESH.toMillis(), TRUST_REFRESH.toMillis(), TimeUnit.MILLISECONDS);

        SslContext ssl;
        try {
            ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(tls.key(), tls.chain().toArray(X509Certificate[]::new)))
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(new AgentTrustManager(trusted, revocations, clock, this::auditRefusedHandshake,
                            identity.signatures()))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("ingest TLS cannot be set up: " + e.getMessage(), e);
        }
        AtomicInteger callThreads = new AtomicInteger();
        calls = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "ingest-call-" + callThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(port))
                .executor(calls)
                .sslContext(ssl)
                // gRPC refuses a larger message with RESOURCE_EXHAUSTED before any of it is parsed
                .maxInboundMessageSize(limits.maxMessageBytes())
                // a connection that stays silent (no TLS, a stalled handshake, or no HTTP/2 preface) is closed
                .handshakeTimeout(limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxConcurrentCallsPerConnection(limits.maxCallsPerConnection())
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .keepAliveTime(KEEPALIVE.toSeconds(), TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .permitKeepAliveTime(20, TimeUnit.SECONDS)
                .addService(ServerInterceptors.intercept(
                        new AgentIngestService(identity.registration(), identity.renewal(), identity.rotation(), heartbeats, openStreams),
                        guard,
                        new AgentAuthInterceptor(identity.jwts(), revocations, identity.audit())));
        if (!limits.maxConnectionIdle().isZero()) {
            builder.maxConnectionIdle(limits.maxConnectionIdle().toSeconds(), TimeUnit.SECONDS);
        }
        if (!limits.maxConnectionAge().isZero()) {
            builder.maxConnectionAge(limits.maxConnectionAge().toSeconds(), TimeUnit.SECONDS)
                    .maxConnectionAgeGrace(limits.maxConnectionAgeGrace().toSeconds(), TimeUnit.SECONDS);
        }
        server = builder.build();
        OversizedMessageLog.install();
    }

    /**
     * Handshakes run on network threads that must not wait for the database: the audit entry is
     * written from the refresher thread.
     */
    private void auditRefusedHandshake(String subject, String reason) {
        try {
            refresher.execute(() -> audit.record(null, "agent:" + subject, "ingest.handshake", subject,
                    AuditLog.Outcome.REFUSED, reason));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            LOG.info("Refused handshake of {} not audited (shutting down): {}", subject, reason);
        }
    }

    private static void reloadJwtKeys(AgentIdentityServices identity) {
        try {
            identity.jwtKeys().reload();
        } catch (RuntimeException e) {
            LOG.warn("JWT keys not reloaded: {}", e.toString());
        }
    }

    public void start() throws IOException {
        server.start();
        LOG.info("Ingest listening for agents on gRPC port {} (TLS)", port());
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        refresher.shutdownNow();
        readDelays.shutdownNow();
        long started = System.nanoTime();
        long deadline = started + SHUTDOWN_GRACE.toNanos();
        server.shutdown(); // no new calls
        int drained = openStreams.drainAll();
        // each drained stream closes once its last heartbeat is acknowledged; waiting for thousands of agents to
        // close their connections after the GOAWAY as well would only delay the restart (that took the full 5 s)
        while (openStreams.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long callsGrace = Math.min(CALLS_GRACE.toNanos(), Math.max(0, deadline - System.nanoTime()));
        if (!server.awaitTermination(callsGrace, TimeUnit.NANOSECONDS)) {
            if (openStreams.size() > 0) {
                LOG.warn("{} heartbeat stream(s) still storing after {} s; cancelling them", openStreams.size(),
                        SHUTDOWN_GRACE.toSeconds());
            }
            server.shutdownNow();
            server.awaitTermination(CALLS_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (server.isTerminated()) {
            calls.shutdown();
        } else {
            // thousands of cut streams still report their end on the call executor: stopping it now made each log
            // a RejectedExecutionException (4,888 stack traces in a 10,000-agent stop); idle call threads end by
            // themselves after a minute, and they are daemons
            LOG.info("Ingest connections still closing; the call threads are left to end by themselves");
        }
        LOG.info("Ingest stopped in {} ms; {} heartbeat stream(s) told to reconnect",
                Duration.ofNanos(System.nanoTime() - started).toMillis(), drained);
    }
}
