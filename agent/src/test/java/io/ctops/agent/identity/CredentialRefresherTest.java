package io.ctops.agent.identity;

import io.ctops.agent.testing.FakeIngest;
import io.ctops.agent.transport.AddressRotation;
import io.ctops.agent.transport.Backoff;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialRefresherTest {

    @TempDir
    Path dataDir;

    private final FakeIngest ingest = new FakeIngest();
    private final ManagedChannel channel = FakeIngest.plaintext().open(ingest.address(), Optional.empty());
    private KeyPair keys;
    private AgentIdentity identity;
    private Registrar registrar;

    CredentialRefresherTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        ingest.close();
    }

    /**
     * An identity whose JWT was just obtained and whose certificate was issued {@code certificateAge}
     * ago, and a refresher whose clock is {@code later} ahead.
     */
    private CredentialRefresher refresher(Duration later, Duration certificateAge) throws Exception {
        Duration jwtAge = Duration.ZERO;
        keys = new AgentKeyFile(dataDir).loadOrCreate();
        Instant now = Instant.now();
        new CredentialStore(dataDir).store(new AgentCredentials("agent-1", "old-jwt",
                now.minus(jwtAge).plus(Duration.ofHours(24)), now.minus(jwtAge),
                ingest.ca.issue(keys.getPublic(), "agent-1", now.minus(certificateAge),
                        now.minus(certificateAge).plus(Duration.ofDays(90))), List.of()));
        registrar = new Registrar(FakeIngest.plaintext(), new AddressRotation(List.of(ingest.address())),
                Backoff.standard(() -> 0.0), d -> { }, Clock.systemUTC(), PlatformInfo::getDefaultInstance, "1", Map.of(),
                Optional.of("token"));
        identity = AgentIdentity.establish(keys, new CredentialStore(dataDir), registrar, Clock.systemUTC());
        return new CredentialRefresher(identity, registrar, Clock.offset(Clock.systemUTC(), later));
    }

    @Test
    void freshCredentialsAreLeftAlone() throws Exception {
        CredentialRefresher refresher = refresher(Duration.ofHours(1), Duration.ofDays(1));

        assertFalse(refresher.due());
        assertFalse(refresher.refreshIfDue(channel, ingest.address()));
        assertEquals(0, ingest.renewals.get());
        assertEquals(0, ingest.registrations.size());
    }

    @Test
    void aCertificateInTheLastThirdIsRenewedAndStored() throws Exception {
        CredentialRefresher refresher = refresher(Duration.ofHours(1), Duration.ofDays(61));
        var old = identity.credentials().certificate();

        assertTrue(refresher.due());
        assertTrue(refresher.refreshIfDue(channel, ingest.address()), "the stream must reopen with the new certificate");

        assertEquals(1, ingest.renewals.get());
        assertNotEquals(old, identity.credentials().certificate());
        assertEquals("renewed-jwt-1", identity.credentials().jwt());
        assertEquals(identity.credentials(), new CredentialStore(dataDir).load().orElseThrow());
        assertFalse(refresher.due());
    }

    @Test
    void aJwtInTheLastThirdIsReplacedByRegisteringAgainWithTheSameKey() throws Exception {
        CredentialRefresher refresher = refresher(Duration.ofHours(17), Duration.ofDays(1));
        assertEquals(0, ingest.registrations.size(), "not at start: the JWT was fresh then");

        assertTrue(refresher.due());
        refresher.refreshIfDue(channel, ingest.address());

        assertEquals(1, ingest.registrations.size());
        assertEquals(AgentKeyFile.publicKeyPem(keys.getPublic()), ingest.registrations.get(0).getPublicKeyPem());
        assertEquals("jwt-1", identity.credentials().jwt());
        assertEquals("jwt-1", new CredentialStore(dataDir).load().orElseThrow().jwt());
    }

    @Test
    void whenTheTokenIsNoLongerAcceptedTheJwtComesFromRenewal() throws Exception {
        CredentialRefresher refresher = refresher(Duration.ofHours(17), Duration.ofDays(1));
        assertEquals(0, ingest.registrations.size(), "not at start: the JWT was fresh then");
        ingest.refusal = Status.PERMISSION_DENIED.withDescription("enrolment token expired");

        assertTrue(refresher.refreshIfDue(channel, ingest.address()));

        assertEquals(1, ingest.renewals.get());
        assertEquals("renewed-jwt-1", identity.credentials().jwt());
    }
}
