package io.ctops.agent.identity;

import io.ctops.agent.config.ConfigException;
import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.testing.FakeIngest;
import io.ctops.agent.transport.AddressRotation;
import io.ctops.agent.transport.Backoff;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.ctops.proto.agent.v1.RegisterRequest;
import io.grpc.Status;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistrarTest {

    private final FakeIngest ingest = new FakeIngest();
    private final List<Duration> sleeps = new ArrayList<>();
    private final KeyPair keys = AgentKeyFile.generate();

    RegistrarTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        ingest.close();
    }

    private Registrar registrar(List<IngestAddress> addresses, Optional<String> token) {
        return new Registrar(FakeIngest.plaintext(), new AddressRotation(addresses), Backoff.standard(() -> 0.0),
                sleeps::add, Clock.systemUTC(),
                () -> PlatformInfo.newBuilder().setHostname("web-01").setOs("linux").build(),
                "1.2.3", Map.of("env", "test"), token);
    }

    @Test
    void sendsKeyCsrPlatformTagsAndVersionAndPollsWhilePending() throws Exception {
        ingest.pendingAnswers.set(2);

        AgentCredentials credentials = registrar(List.of(ingest.address()), Optional.of("the-token")).register(keys);

        assertEquals(3, ingest.registrations.size());
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(30)), sleeps, "retry_after_secs while pending");
        RegisterRequest request = ingest.registrations.get(0);
        assertEquals("the-token", request.getOrgToken());
        assertEquals(AgentKeyFile.publicKeyPem(keys.getPublic()), request.getPublicKeyPem());
        assertTrue(new PKCS10CertificationRequest(request.getCsrDer().toByteArray()).isSignatureValid(
                new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder().build(keys.getPublic())));
        assertEquals("web-01", request.getPlatform().getHostname());
        assertEquals(Map.of("env", "test"), request.getTagsMap());
        assertEquals("1.2.3", request.getAgentVersion());
        assertEquals("agent-1", credentials.agentId());
        assertTrue(credentials.certifies(keys.getPublic()));
        assertEquals(List.of(ingest.ca.certificate()), credentials.caChain());
    }

    @Test
    void failsOverToTheNextAddressAndBacksOffOnlyWhenAllFailed() throws Exception {
        IngestAddress dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = new IngestAddress("127.0.0.1", socket.getLocalPort());
        }

        registrar(List.of(dead, ingest.address()), Optional.of("t")).register(keys);

        assertEquals(List.of(), sleeps, "the second address answered at once");
        assertEquals(1, ingest.registrations.size());
    }

    @Test
    void anUnknownTokenIsRefusedForGood() {
        ingest.refusal = Status.UNAUTHENTICATED.withDescription("unknown enrolment token");

        RegistrationRefusedException e = assertThrows(RegistrationRefusedException.class,
                () -> registrar(List.of(ingest.address()), Optional.of("wrong")).register(keys));

        assertEquals("ingest " + ingest.address() + " refused the registration: unknown enrolment token", e.getMessage());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void aDuplicateHostIsRetriedWithBackoff() throws Exception {
        ingest.refusal = Status.ALREADY_EXISTS.withDescription("host web-01 is online with another key");
        Registrar registrar = new Registrar(FakeIngest.plaintext(), new AddressRotation(List.of(ingest.address())),
                Backoff.standard(() -> 0.0), delay -> {
                    sleeps.add(delay);
                    if (sleeps.size() == 3) {
                        ingest.refusal = null;
                    }
                }, Clock.systemUTC(), PlatformInfo::getDefaultInstance, "1", Map.of(), Optional.of("t"));

        registrar.register(keys);

        assertEquals(List.of(Duration.ofMillis(1000), Duration.ofMillis(1500), Duration.ofMillis(2250)), sleeps);
    }

    @Test
    void withoutATokenItNamesTheSetting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> registrar(List.of(ingest.address()), Optional.empty()).register(keys));

        assertTrue(e.getMessage().startsWith("[agent] org_token: is not set"), e.getMessage());
    }
}
