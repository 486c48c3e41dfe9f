package io.ctops.core.ingest;

import io.ctops.core.testing.SettableClock;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.pki.CertificateAuthority;
import io.ctops.core.pki.EcKeys;
import io.ctops.core.pki.VerifiedSignatures;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The handshake's certificate decision, first time and from memory (revocation: AgentIdentityIT). */
class AgentTrustManagerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final Clock issuing = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SettableClock clock = new SettableClock(NOW);
    private final CertificateAuthority ca = CertificateAuthority.generate("CT-Ops agent CA", Duration.ofDays(3650), issuing);
    // same name, another key: what an attacker's own CA would look like
    private final CertificateAuthority impostor = CertificateAuthority.generate("CT-Ops agent CA", Duration.ofDays(3650), issuing);
    private final List<X509Certificate> trusted = new ArrayList<>(List.of(ca.certificate()));
    private final List<String> refusals = new ArrayList<>();
    private final VerifiedSignatures signatures = new VerifiedSignatures();
    // never refreshed: an empty revocation list, no database needed
    private final AgentTrustManager trust = new AgentTrustManager(() -> List.copyOf(trusted),
            new RevocationList(DSL.using(SQLDialect.POSTGRES), clock), clock, (subject, reason) -> refusals.add(reason),
            signatures);

    private X509Certificate agentCertificate(CertificateAuthority issuer) {
        return issuer.issueAgentCertificate(EcKeys.generateP256().getPublic(), UUID.randomUUID().toString(),
                Duration.ofDays(90), issuing);
    }

    @Test
    void aCertificateOfTheAgentCaIsAcceptedAndItsSignatureRemembered() {
        X509Certificate certificate = agentCertificate(ca);

        assertDoesNotThrow(() -> trust.checkClientTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA"));

        assertTrue(signatures.knownSignedBy(certificate, ca.certificate()));
        assertDoesNotThrow(() -> trust.checkClientTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA"),
                "accepted again from memory");
    }

    @Test
    void aCertificateOfAnotherCaWithTheSameNameIsRefused() {
        X509Certificate forged = agentCertificate(impostor);

        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(new X509Certificate[] {forged}, "ECDHE_ECDSA"));
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(new X509Certificate[] {forged}, "ECDHE_ECDSA"));

        assertEquals(List.of("client certificate not issued by the agent CA or not valid now",
                "client certificate not issued by the agent CA or not valid now"), refusals);
    }

    @Test
    void aRememberedCertificateIsRefusedOnceExpired() {
        X509Certificate certificate = agentCertificate(ca);
        assertDoesNotThrow(() -> trust.checkClientTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA"));

        clock.set(NOW.plus(Duration.ofDays(91)));

        assertThrows(CertificateException.class,
                () -> trust.checkClientTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA"));
    }

    @Test
    void aRememberedCertificateIsRefusedOnceItsCaIsNoLongerTrusted() {
        X509Certificate certificate = agentCertificate(ca);
        assertDoesNotThrow(() -> trust.checkClientTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA"));

        trusted.clear();
        trusted.add(impostor.certificate());

        assertThrows(CertificateException.class,
                () -> trust.checkClientTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA"));
    }

    @Test
    void noCertificateIsRefused() {
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(new X509Certificate[0], "ECDHE_ECDSA"));
        assertEquals(List.of("no client certificate"), refusals);
    }
}
