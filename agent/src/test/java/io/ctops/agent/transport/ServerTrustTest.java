package io.ctops.agent.transport;

import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.identity.AgentKeyFile;
import io.ctops.agent.testing.FakeIngest;
import io.ctops.agent.testing.TestCertificates;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.RegisterRequest;
import io.ctops.proto.agent.v1.RegisterResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real TLS handshake against a server whose certificate the agent does or does not trust. */
class ServerTrustTest {

    @TempDir
    Path temp;

    private final TestCertificates serverCa = TestCertificates.ca("server-ca");
    private final KeyPair serverKeys = TestCertificates.p256();
    private final FakeIngest ingest = FakeIngest.tls(serverKeys.getPrivate(), serverCa.issueServer(serverKeys.getPublic()));

    ServerTrustTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        ingest.close();
    }

    private RegisterResponse register(ServerTrust trust) throws InterruptedException {
        IngestAddress address = new IngestAddress("localhost", ingest.port());
        ManagedChannel channel = new IngestChannels(() -> trust, "test").open(address, Optional.empty());
        try {
            return AgentIngestGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .register(RegisterRequest.newBuilder().setOrgToken("t")
                            .setPublicKeyPem(AgentKeyFile.publicKeyPem(TestCertificates.p256().getPublic())).build());
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void trustsAServerSignedByTheCaFile() throws Exception {
        Path caFile = Files.writeString(temp.resolve("ca.pem"), serverCa.pem());

        RegisterResponse response = register(ServerTrust.of(Optional.of(caFile), List.of()));

        assertEquals("agent-1", response.getAgentId());
    }

    @Test
    void trustsAServerSignedByTheCaChainFromRegistration() throws Exception {
        Path otherCa = Files.writeString(temp.resolve("other.pem"), TestCertificates.ca("other").pem());

        RegisterResponse response = register(ServerTrust.of(Optional.of(otherCa), List.of(serverCa.certificate())));

        assertEquals("agent-1", response.getAgentId());
    }

    @Test
    void anUntrustedServerIsAClearErrorNamingTheCaFile() throws Exception {
        Path caFile = Files.writeString(temp.resolve("wrong-ca.pem"), TestCertificates.ca("wrong").pem());
        IngestAddress address = new IngestAddress("localhost", ingest.port());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> register(ServerTrust.of(Optional.of(caFile), List.of())));
        IngestFailure failure = IngestFailure.of(address, e);

        assertEquals(IngestFailure.Kind.UNTRUSTED_SERVER, failure.kind());
        assertTrue(failure.message().startsWith("ingest localhost:" + ingest.port()
                + ": the server certificate (CN=localhost) is not trusted by ca_cert_file " + caFile), failure.message());
    }

    @Test
    void anUnreadableCaFileIsNamedInTheFailure() throws Exception {
        Path missing = temp.resolve("gone.pem");

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> register(ServerTrust.of(Optional.of(missing), List.of())));
        IngestFailure failure = IngestFailure.of(new IngestAddress("localhost", ingest.port()), e);

        assertEquals(IngestFailure.Kind.UNTRUSTED_SERVER, failure.kind());
        assertTrue(failure.message().contains("ca_cert_file " + missing + " (which cannot be read"), failure.message());
    }

    @Test
    void withoutACaFileTheJvmTrustStoreIsNamed() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> register(ServerTrust.of(Optional.empty(), List.of())));

        assertTrue(IngestFailure.of(new IngestAddress("localhost", ingest.port()), e).message()
                .contains("not trusted by the JVM's trust store (set [ingest] ca_cert_file"));
    }

    @Test
    void aDeadAddressIsUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        IngestAddress dead = new IngestAddress("127.0.0.1", port);
        ManagedChannel channel = FakeIngest.plaintext().open(dead, Optional.empty());
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> AgentIngestGrpc.newBlockingStub(channel).register(RegisterRequest.getDefaultInstance()));
            IngestFailure failure = IngestFailure.of(dead, e);
            assertEquals(IngestFailure.Kind.UNREACHABLE, failure.kind());
            assertTrue(failure.message().contains("Connection refused"), failure.message());
        } finally {
            channel.shutdownNow();
        }
    }
}
