package io.ctops.core.ingest;

import static java.util.Objects.requireNonNull;

import io.ctops.core.audit.AuditLog;
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
 */
public final class IngestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    static final Duration TRUST_REFRESH = Duration.ofSeconds(2);
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** 15 refreshes of 2 s: a JWT key rotated by another instance is picked up within 30 s. */
    static final int JWT_RELOAD_EVERY_REFRESHES = 15;

    private final Server server;
    private final ScheduledExecutorService refresher;
    // runs the gRPC calls and what follows a heartbeat's publishes, so acknowledging never waits on a queue thread
    private final ExecutorService calls;
    private final AuditLog audit;
    private final AtomicLong refreshes = new AtomicLong();

    public IngestServer(int port, IngestTls.Material tls, DSLContext dsl, AgentIdentityServices identity,
                        HeartbeatServices heartbeats, Clock clock) {
        requireNonNull(tls, "tls is null");
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
                    .trustManager(new AgentTrustManager(trusted, revocations, clock, this::auditRefusedHandshake))
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
        server = NettyServerBuilder.forAddress(new InetSocketAddress(port))
                .executor(calls)
                .sslContext(ssl)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .permitKeepAliveTime(20, TimeUnit.SECONDS)
                .addService(ServerInterceptors.intercept(
                        new AgentIngestService(identity.registration(), identity.renewal(), identity.rotation(), heartbeats, calls),
                        new AgentAuthInterceptor(identity.jwts(), revocations, identity.audit())))
                .build();
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
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
        }
        calls.shutdown();
    }
}
