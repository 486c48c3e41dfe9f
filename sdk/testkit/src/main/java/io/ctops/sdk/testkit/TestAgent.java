package io.ctops.sdk.testkit;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.ctops.proto.agent.v1.RegisterRequest;
import io.ctops.proto.agent.v1.RegisterResponse;
import io.ctops.proto.agent.v1.RenewCertificateRequest;
import io.ctops.proto.agent.v1.RenewCertificateResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A client that behaves like a real agent: its own ECDSA P-256 key, a PKCS#10 CSR, Register over
 * TLS, then mutual TLS with the issued certificate and the JWT on every call.
 */
public final class TestAgent implements AutoCloseable {

    private final String hostname;
    private final List<String> ipAddresses;
    private KeyPair keys;
    private String agentId;
    private X509Certificate certificate;
    private String jwt;
    private ManagedChannel channel;
    private int channelPort;

    private TestAgent(String hostname, List<String> ipAddresses, KeyPair keys) {
        this.hostname = hostname;
        this.ipAddresses = List.copyOf(ipAddresses);
        this.keys = keys;
    }

    /** An agent for a host with a fresh P-256 key. */
    public static TestAgent create(String hostname, String... ipAddresses) {
        return new TestAgent(hostname, List.of(ipAddresses), p256());
    }

    /** Registers with the token (TLS, no client certificate); keeps the certificate and JWT when active. */
    public RegisterResponse register(CtopsTestServer server, String token) {
        return register(server, registerRequest(token).build());
    }

    /** Sends a hand-made Register request (to try bad input); keeps credentials when active. */
    public RegisterResponse register(CtopsTestServer server, RegisterRequest request) {
        ManagedChannel plain = channel(server, false);
        try {
            RegisterResponse response = AgentIngestGrpc.newBlockingStub(plain).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .register(request);
            if (!response.getClientCertificateDer().isEmpty()) {
                agentId = response.getAgentId();
                certificate = parse(response.getClientCertificateDer().toByteArray());
                jwt = response.getJwt();
                closeChannel();
            }
            return response;
        } finally {
            plain.shutdownNow();
        }
    }

    /** A Register request for this agent's key and platform. */
    public RegisterRequest.Builder registerRequest(String token) {
        return RegisterRequest.newBuilder()
                .setOrgToken(token)
                .setPublicKeyPem(pem(keys.getPublic()))
                .setCsrDer(ByteString.copyFrom(csr(keys)))
                .setPlatform(PlatformInfo.newBuilder().setHostname(hostname).setOs("linux").setOsVersion("Debian 12")
                        .setArch("amd64").addAllIpAddresses(ipAddresses))
                .putAllTags(Map.of("role", "test"))
                .setAgentVersion("0.1.0-test");
    }

    /** Sends one heartbeat over mutual TLS with the JWT and waits for its answer. */
    public HeartbeatResponse heartbeat(CtopsTestServer server, long sequence) {
        return heartbeat(server, sequence, jwt);
    }

    /** As {@link #heartbeat(CtopsTestServer, long)} but with the given JWT (to try a wrong one). */
    public HeartbeatResponse heartbeat(CtopsTestServer server, long sequence, String bearer) {
        try (AgentStream stream = open(mtls(server), bearer)) {
            return stream.exchange(HeartbeatRequest.newBuilder().setSequence(sequence).setAgentVersion("0.1.0-test").build());
        }
    }

    /** Opens a heartbeat stream over mutual TLS with the JWT. */
    public AgentStream stream(CtopsTestServer server) {
        return open(mtls(server), jwt);
    }

    /** Calls Heartbeat over TLS without presenting a client certificate (the server must refuse). */
    public HeartbeatResponse heartbeatWithoutCertificate(CtopsTestServer server) {
        ManagedChannel plain = channel(server, false);
        try (AgentStream stream = open(plain, jwt)) {
            return stream.exchange(HeartbeatRequest.newBuilder().setSequence(1).build());
        } finally {
            plain.shutdownNow();
        }
    }

    private static AgentStream open(ManagedChannel channel, String bearer) {
        var stub = AgentIngestGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(bearer)));
        return new AgentStream(stub::heartbeat);
    }

    /** RenewCertificate with a fresh CSR of the same key; keeps the new certificate and JWT. */
    public RenewCertificateResponse renew(CtopsTestServer server) {
        RenewCertificateResponse response = AgentIngestGrpc.newBlockingStub(mtls(server))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(jwt)))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .renewCertificate(RenewCertificateRequest.newBuilder().setCsrDer(ByteString.copyFrom(csr(keys))).build());
        certificate = parse(response.getClientCertificateDer().toByteArray());
        jwt = response.getJwt();
        closeChannel();
        return response;
    }

    /** Presents this certificate (for this agent's key) from now on, e.g. one from a foreign CA. */
    public void useCertificate(X509Certificate replacement) {
        this.certificate = replacement;
        closeChannel();
    }

    /** Uses another agent's certificate and key with this agent's JWT (to try identity mix-ups). */
    public void useCredentialsOf(TestAgent other) {
        this.keys = other.keys;
        this.certificate = other.certificate;
        closeChannel();
    }

    public String agentId() {
        return agentId;
    }

    public String jwt() {
        return jwt;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keys() {
        return keys;
    }

    @Override
    public void close() {
        closeChannel();
    }

    private ManagedChannel mtls(CtopsTestServer server) {
        if (certificate == null) {
            throw new IllegalStateException("agent has no certificate yet: register with an approved or auto-approve token");
        }
        if (channel == null || channelPort != server.grpcPort()) {
            closeChannel();
            channel = channel(server, true);
            channelPort = server.grpcPort();
        }
        return channel;
    }

    private ManagedChannel channel(CtopsTestServer server, boolean clientCertificate) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(server.agentCaCertificate());
            if (clientCertificate) {
                ssl.keyManager(keys.getPrivate(), certificate);
            }
            return NettyChannelBuilder.forAddress("localhost", server.grpcPort()).sslContext(ssl.build()).build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
            channel = null;
        }
    }

    private static Metadata auth(String bearer) {
        Metadata metadata = new Metadata();
        if (bearer != null) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearer);
        }
        return metadata;
    }

    /** A new ECDSA P-256 key pair. */
    public static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#10 request for the key pair's public key, signed with its private key. */
    public static byte[] csr(KeyPair keys) {
        return csr(keys.getPublic(), keys.getPrivate());
    }

    /** A PKCS#10 request for a public key signed by a (possibly different) private key. */
    public static byte[] csr(java.security.PublicKey publicKey, PrivateKey signer) {
        try {
            String algorithm = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ctops-test-agent"), publicKey)
                    .build(new JcaContentSignerBuilder(algorithm).build(signer)).getEncoded();
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of a key or certificate. */
    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "TestAgent[" + hostname + ", " + requireNonNull(ipAddresses) + "]";
    }
}
