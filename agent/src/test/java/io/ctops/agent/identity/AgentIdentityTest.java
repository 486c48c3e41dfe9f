package io.ctops.agent.identity;

import io.ctops.agent.testing.FakeIngest;
import io.ctops.agent.testing.TestCertificates;
import io.ctops.agent.transport.AddressRotation;
import io.ctops.agent.transport.Backoff;
import io.ctops.proto.agent.v1.PlatformInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentIdentityTest {

    @TempDir
    Path dataDir;

    private final FakeIngest ingest = new FakeIngest();

    AgentIdentityTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        ingest.close();
    }

    private Registrar registrar() {
        return new Registrar(FakeIngest.plaintext(), new AddressRotation(List.of(ingest.address())),
                Backoff.standard(() -> 0.0), delay -> { }, Clock.systemUTC(), PlatformInfo::getDefaultInstance, "1",
                Map.of(), Optional.of("token"));
    }

    private AgentIdentity establish(KeyPair keys) throws Exception {
        return AgentIdentity.establish(keys, new CredentialStore(dataDir), registrar(), Clock.systemUTC());
    }

    @Test
    void firstStartRegistersAndStoresTheCredentials() throws Exception {
        KeyPair keys = new AgentKeyFile(dataDir).loadOrCreate();

        AgentIdentity identity = establish(keys);

        assertEquals(1, ingest.registrations.size());
        assertEquals(Optional.of(identity.credentials()), new CredentialStore(dataDir).load());
    }

    @Test
    void aRestartWithValidStateSkipsRegistration() throws Exception {
        KeyPair keys = new AgentKeyFile(dataDir).loadOrCreate();
        AgentCredentials first = establish(keys).credentials();

        AgentIdentity restarted = establish(new AgentKeyFile(dataDir).loadOrCreate());

        assertEquals(1, ingest.registrations.size());
        assertEquals(first, restarted.credentials());
    }

    @Test
    void aJwtNearItsExpiryRegistersAgainWithTheSameKey() throws Exception {
        KeyPair keys = new AgentKeyFile(dataDir).loadOrCreate();
        Instant now = Instant.now();
        new CredentialStore(dataDir).store(new AgentCredentials("agent-1", "old-jwt", now.plusSeconds(600),
                now.minus(Duration.ofHours(23)), ingest.ca.issue(keys.getPublic(), "agent-1", now.minusSeconds(60),
                        now.plus(Duration.ofDays(90))), List.of()));

        AgentIdentity identity = establish(keys);

        assertEquals(1, ingest.registrations.size());
        assertEquals(AgentKeyFile.publicKeyPem(keys.getPublic()), ingest.registrations.get(0).getPublicKeyPem());
        assertNotEquals("old-jwt", identity.credentials().jwt());
        assertEquals(identity.credentials(), new CredentialStore(dataDir).load().orElseThrow());
    }

    @Test
    void aCorruptStateFileFallsBackToRegistrationWithTheSameKey() throws Exception {
        KeyPair keys = new AgentKeyFile(dataDir).loadOrCreate();
        Files.writeString(dataDir.resolve("state.properties"), "format=1\nagent_id=x\njwt=");

        AgentIdentity identity = establish(keys);

        assertEquals(1, ingest.registrations.size());
        assertEquals(AgentKeyFile.publicKeyPem(keys.getPublic()), ingest.registrations.get(0).getPublicKeyPem());
        assertTrue(identity.credentials().certifies(keys.getPublic()));
    }

    @Test
    void stateForAnotherKeyIsNotUsed() throws Exception {
        KeyPair keys = new AgentKeyFile(dataDir).loadOrCreate();
        Instant now = Instant.now();
        new CredentialStore(dataDir).store(new AgentCredentials("other", "jwt", now.plus(Duration.ofHours(24)), now,
                ingest.ca.issue(TestCertificates.p256().getPublic(), "other", now.minusSeconds(60),
                        now.plus(Duration.ofDays(90))), List.of()));

        assertEquals("agent-1", establish(keys).credentials().agentId());
        assertEquals(1, ingest.registrations.size());
    }

    @Test
    void aDeletedDataDirectoryMakesANewHost() throws Exception {
        KeyPair first = new AgentKeyFile(dataDir).loadOrCreate();
        establish(first);
        Files.delete(dataDir.resolve("agent.key"));
        Files.delete(dataDir.resolve("state.properties"));

        KeyPair second = new AgentKeyFile(dataDir).loadOrCreate();
        establish(second);

        assertNotEquals(first.getPublic(), second.getPublic());
        assertEquals(2, ingest.registrations.size());
        assertNotEquals(ingest.registrations.get(0).getPublicKeyPem(), ingest.registrations.get(1).getPublicKeyPem());
    }

    @Test
    void aPushedCertificateIsStoredAndUsed() throws Exception {
        KeyPair keys = new AgentKeyFile(dataDir).loadOrCreate();
        AgentIdentity identity = establish(keys);
        TestCertificates newCa = TestCertificates.ca("new-ca");
        var pushed = newCa.issue(keys.getPublic(), "agent-1", Instant.now().minusSeconds(5), Instant.now().plusSeconds(3600));

        assertTrue(identity.acceptPushedCertificate(pushed.getEncoded()));

        assertEquals(pushed, identity.credentials().certificate());
        assertEquals(pushed, new CredentialStore(dataDir).load().orElseThrow().certificate());
        assertEquals(false, identity.acceptPushedCertificate(pushed.getEncoded()), "the same one again changes nothing");
    }
}
