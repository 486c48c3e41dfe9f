package io.ctops.core.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VerifiedSignaturesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final CertificateAuthority ca = CertificateAuthority.generate("CT-Ops agent CA", Duration.ofDays(3650), CLOCK);
    private final CertificateAuthority otherCa = CertificateAuthority.generate("CT-Ops agent CA", Duration.ofDays(3650), CLOCK);
    private final KeyPair agent = EcKeys.generateP256();
    private final VerifiedSignatures signatures = new VerifiedSignatures();

    @Test
    void aSignatureThatVerifiesIsRememberedForThatIssuerOnly() {
        X509Certificate certificate = ca.issueAgentCertificate(agent.getPublic(), "agent-1", Duration.ofDays(90), CLOCK);
        assertFalse(signatures.knownSignedBy(certificate, ca.certificate()));

        assertTrue(signatures.isSignedBy(certificate, ca.certificate()));

        assertTrue(signatures.knownSignedBy(certificate, ca.certificate()));
        // same name, other key: the remembered result is tied to the issuer's key
        assertFalse(signatures.knownSignedBy(certificate, otherCa.certificate()));
        assertFalse(signatures.isSignedBy(certificate, otherCa.certificate()));
        assertEquals(1, signatures.size());
    }

    @Test
    void aCertificateOfAnotherCaIsNeitherAcceptedNorRemembered() {
        X509Certificate foreign = otherCa.issueAgentCertificate(agent.getPublic(), "agent-1", Duration.ofDays(90), CLOCK);

        assertFalse(signatures.isSignedBy(foreign, ca.certificate()));
        assertFalse(signatures.isSignedBy(foreign, ca.certificate()));

        assertFalse(signatures.knownSignedBy(foreign, ca.certificate()));
        assertEquals(0, signatures.size());
    }

    @Test
    void aCertificateDifferingInOneByteIsADifferentEntry() throws Exception {
        X509Certificate first = ca.issueAgentCertificate(agent.getPublic(), "agent-1", Duration.ofDays(90), CLOCK);
        X509Certificate second = ca.issueAgentCertificate(agent.getPublic(), "agent-1", Duration.ofDays(90), CLOCK);
        signatures.remember(first, ca.certificate());

        assertTrue(signatures.knownSignedBy(first, ca.certificate()));
        assertFalse(signatures.knownSignedBy(second, ca.certificate()), "another serial, not verified yet");
    }
}
