package io.ctops.agent.identity;

import io.ctops.agent.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialStoreTest {

    @TempDir
    Path dataDir;

    static AgentCredentials credentials(TestCertificates ca, KeyPair keys, String jwt, Instant jwtExpiresAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new AgentCredentials("agent-1", jwt, jwtExpiresAt, now,
                ca.issue(keys.getPublic(), "agent-1", now.minusSeconds(60), now.plus(Duration.ofDays(90))),
                List.of(ca.certificate()));
    }

    @Test
    void storesAndReadsBackEverything() throws Exception {
        TestCertificates ca = TestCertificates.ca("ca");
        AgentCredentials stored = credentials(ca, TestCertificates.p256(), "header.payload.signature",
                Instant.parse("2030-01-01T00:00:00Z"));
        CredentialStore store = new CredentialStore(dataDir);

        store.store(stored);

        assertEquals(Optional.of(stored), new CredentialStore(dataDir).load());
        Path file = dataDir.resolve("state.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(dataDir.resolve(".state.properties.tmp")), "no temporary file left behind");
    }

    @Test
    void aSecondStoreReplacesTheFirstWhole() throws Exception {
        TestCertificates ca = TestCertificates.ca("ca");
        KeyPair keys = TestCertificates.p256();
        CredentialStore store = new CredentialStore(dataDir);
        store.store(credentials(ca, keys, "first", Instant.parse("2030-01-01T00:00:00Z")));
        AgentCredentials second = new AgentCredentials("agent-1", "second", Instant.parse("2031-01-01T00:00:00Z"),
                Instant.parse("2030-12-31T00:00:00Z"),
                ca.issue(keys.getPublic(), "agent-1", Instant.now(), Instant.now().plusSeconds(60)), List.of());

        store.store(second);

        assertEquals(Optional.of(second), store.load());
        assertFalse(Files.readString(dataDir.resolve("state.properties")).contains("ca_chain.0"));
    }

    @Test
    void noFileMeansNotRegisteredYet() throws Exception {
        assertEquals(Optional.empty(), new CredentialStore(dataDir).load());
    }

    @Test
    void aCorruptFileIsReportedNotTrusted() throws Exception {
        Path file = dataDir.resolve("state.properties");
        CredentialStore store = new CredentialStore(dataDir);

        Files.write(file, new byte[] {0, 1, 2, (byte) 0xff, 10, 13});
        assertTrue(assertThrows(CorruptStateException.class, store::load).getMessage().startsWith("state file " + file));

        Files.writeString(file, "format=1\nagent_id=a\njwt=j\njwt_expires_at=2030-01-01T00:00:00Z\n"
                + "jwt_obtained_at=2029-01-01T00:00:00Z\nclient_certificate=bm90IGEgY2VydA==\n");
        assertTrue(assertThrows(CorruptStateException.class, store::load).getMessage().contains("certificate"));

        Files.writeString(file, "format=1\nagent_id=a\n");
        assertTrue(assertThrows(CorruptStateException.class, store::load).getMessage().contains("jwt is missing"));

        Files.writeString(file, "format=2\n");
        assertThrows(CorruptStateException.class, store::load);
    }

    @Test
    void theJwtNeverAppearsInToString() {
        AgentCredentials credentials = credentials(TestCertificates.ca("ca"), TestCertificates.p256(), "top-secret-jwt",
                Instant.parse("2030-01-01T00:00:00Z"));

        assertFalse(credentials.toString().contains("top-secret-jwt"), credentials.toString());
    }
}
