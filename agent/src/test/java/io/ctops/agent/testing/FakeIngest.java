package io.ctops.agent.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.transport.ChannelOpener;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.AgentStatus;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.ctops.proto.agent.v1.RegisterRequest;
import io.ctops.proto.agent.v1.RegisterResponse;
import io.ctops.proto.agent.v1.RenewCertificateRequest;
import io.ctops.proto.agent.v1.RenewCertificateResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * An ingest server in plain text for agent tests: Register answers pending a given number of times,
 * then active with a certificate from a test CA; Heartbeat records what arrives and acknowledges it
 * unless told to stay silent.
 */
public final class FakeIngest implements AutoCloseable {

    public final TestCertificates ca = TestCertificates.ca("fake-agent-ca");
    public final List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();
    public final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
    public final AtomicInteger pendingAnswers = new AtomicInteger();
    public final AtomicBoolean acknowledge = new AtomicBoolean(true);
    public volatile Status refusal;
    public volatile Duration jwtLifetime = Duration.ofHours(24);
    public volatile long refusedSequence = -1;
    public final AtomicInteger renewals = new AtomicInteger();
    private final Server server;

    public FakeIngest() throws IOException {
        this(0);
    }

    public FakeIngest(int port) throws IOException {
        this(port, null);
    }

    private FakeIngest(int port, SslContext tls) throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new Service());
        if (tls != null) {
            builder.sslContext(tls);
        }
        server = builder.build().start();
    }

    /** An ingest server over TLS with this key and certificate. */
    public static FakeIngest tls(PrivateKey key, X509Certificate certificate) throws IOException {
        return new FakeIngest(0, GrpcSslContexts.configure(SslContextBuilder.forServer(key, certificate)).build());
    }

    public IngestAddress address() {
        return new IngestAddress("127.0.0.1", server.getPort());
    }

    public int port() {
        return server.getPort();
    }

    /** Plain-text channels, whatever identity is asked for. */
    public static ChannelOpener plaintext() {
        return (address, client) -> NettyChannelBuilder.forAddress(address.host(), address.port()).usePlaintext().build();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Service extends AgentIngestGrpc.AgentIngestImplBase {

        @Override
        public void register(RegisterRequest request, StreamObserver<RegisterResponse> responses) {
            registrations.add(request);
            if (refusal != null) {
                responses.onError(refusal.asRuntimeException());
                return;
            }
            RegisterResponse.Builder answer = RegisterResponse.newBuilder().setAgentId("agent-1");
            if (pendingAnswers.getAndDecrement() > 0) {
                responses.onNext(answer.setStatus(AgentStatus.AGENT_STATUS_PENDING).setRetryAfterSecs(30).build());
                responses.onCompleted();
                return;
            }
            try {
                String pem = request.getPublicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
                Instant now = Instant.now();
                Instant expires = now.plus(jwtLifetime);
                responses.onNext(answer.setStatus(AgentStatus.AGENT_STATUS_ACTIVE)
                        .setClientCertificateDer(ByteString.copyFrom(ca.issue(key, "agent-1", now.minusSeconds(60),
                                now.plus(Duration.ofDays(90))).getEncoded()))
                        .addCaChainDer(ByteString.copyFrom(ca.certificate().getEncoded()))
                        .setJwt("jwt-" + registrations.size())
                        .setJwtExpiresAt(Timestamp.newBuilder().setSeconds(expires.getEpochSecond()))
                        .build());
                responses.onCompleted();
            } catch (Exception e) {
                responses.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            }
        }

        @Override
        public void renewCertificate(RenewCertificateRequest request, StreamObserver<RenewCertificateResponse> responses) {
            renewals.incrementAndGet();
            try {
                PublicKey key = new JcaPKCS10CertificationRequest(request.getCsrDer().toByteArray()).getPublicKey();
                Instant now = Instant.now();
                responses.onNext(RenewCertificateResponse.newBuilder()
                        .setClientCertificateDer(ByteString.copyFrom(ca.issue(key, "agent-1", now.minusSeconds(60),
                                now.plus(Duration.ofDays(90))).getEncoded()))
                        .addCaChainDer(ByteString.copyFrom(ca.certificate().getEncoded()))
                        .setJwt("renewed-jwt-" + renewals.get())
                        .setJwtExpiresAt(Timestamp.newBuilder().setSeconds(now.plus(jwtLifetime).getEpochSecond()))
                        .build());
                responses.onCompleted();
            } catch (Exception e) {
                responses.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            }
        }

        @Override
        public StreamObserver<HeartbeatRequest> heartbeat(StreamObserver<HeartbeatResponse> responses) {
            return new StreamObserver<>() {
                @Override
                public void onNext(HeartbeatRequest heartbeat) {
                    if (heartbeat.getSequence() == refusedSequence) {
                        synchronized (responses) {
                            responses.onError(Status.INVALID_ARGUMENT.withDescription("sent_at is older than 168 h")
                                    .asRuntimeException());
                        }
                        return;
                    }
                    heartbeats.add(heartbeat);
                    if (acknowledge.get()) {
                        synchronized (responses) {
                            responses.onNext(HeartbeatResponse.newBuilder().setAckSequence(heartbeat.getSequence()).build());
                        }
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    synchronized (responses) {
                        responses.onCompleted();
                    }
                }
            };
        }
    }
}
