package io.ctops.core.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    private static final int SAN_IP = 7;

    private final CertificateAuthority ca = CertificateAuthority.generate("CT-Ops agent CA", Duration.ofDays(3650), CLOCK);
    private final KeyPair agent = EcKeys.generateP256();

    @Test
    void generatedCaIsASelfSignedP256CaForEndEntitiesOnly() throws Exception {
        X509Certificate certificate = ca.certificate();
        certificate.verify(certificate.getPublicKey());
        assertEquals("CN=CT-Ops agent CA", certificate.getSubjectX500Principal().getName());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertEquals(0, certificate.getBasicConstraints());
        assertTrue(certificate.getCriticalExtensionOIDs().contains(Extension.basicConstraints.getId()));
        boolean[] keyUsage = certificate.getKeyUsage();
        assertTrue(keyUsage[5], "keyCertSign");
        assertTrue(keyUsage[6], "cRLSign");
        assertFalse(keyUsage[0], "digitalSignature");
        assertNotNull(subjectKeyId(certificate));
        assertTrue(EcKeys.isP256(certificate.getPublicKey()));
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(NOW.minus(Duration.ofMinutes(5)), certificate.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(3650)), certificate.getNotAfter().toInstant());
        assertTrue(certificate.getSerialNumber().signum() > 0);
    }

    @Test
    void agentCertificateChainsToTheCa() throws Exception {
        X509Certificate certificate = ca.issueAgentCertificate(agent.getPublic(), "agent-7", Duration.ofDays(90), CLOCK);
        validate(certificate, ca.certificate(), NOW.plus(Duration.ofDays(1)));
        certificate.verify(ca.certificate().getPublicKey());
    }

    @Test
    void agentCertificateCarriesIdentityAndClientAuth() throws Exception {
        X509Certificate certificate = ca.issueAgentCertificate(agent.getPublic(), "agent-7", Duration.ofDays(90), CLOCK);
        assertEquals("CN=agent-7", certificate.getSubjectX500Principal().getName());
        assertEquals(ca.certificate().getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertEquals(List.of(List.of(SAN_URI, "spiffe://ctops/agent/agent-7")), List.copyOf(certificate.getSubjectAlternativeNames()));
        assertEquals(List.of(CLIENT_AUTH), certificate.getExtendedKeyUsage());
        boolean[] keyUsage = certificate.getKeyUsage();
        assertTrue(keyUsage[0], "digitalSignature");
        assertFalse(keyUsage[5], "keyCertSign");
        assertEquals(-1, certificate.getBasicConstraints());
        assertArrayEquals(agent.getPublic().getEncoded(), certificate.getPublicKey().getEncoded());
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(NOW.minus(Duration.ofMinutes(5)), certificate.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(90)), certificate.getNotAfter().toInstant());
        assertArrayEquals(subjectKeyId(ca.certificate()), authorityKeyId(certificate));
        assertEquals("agent-7", AgentIdentity.agentIdOf(certificate).orElseThrow());
    }

    @Test
    void serialsArePositiveRandom127BitNumbers() {
        Set<BigInteger> serials = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> ca.issueAgentCertificate(agent.getPublic(), "a" + i, Duration.ofDays(1), CLOCK).getSerialNumber())
                .collect(Collectors.toSet());
        assertEquals(20, serials.size());
        for (BigInteger serial : serials) {
            assertTrue(serial.signum() > 0);
            assertTrue(serial.bitLength() <= 127);
        }
        // 20 random 127-bit numbers all below 2^100 would be a broken generator.
        assertTrue(serials.stream().anyMatch(serial -> serial.bitLength() > 100));
    }

    @Test
    void certificateFromAnotherCaFailsValidation() {
        CertificateAuthority other = CertificateAuthority.generate("CT-Ops agent CA", Duration.ofDays(3650), CLOCK);
        X509Certificate foreign = other.issueAgentCertificate(agent.getPublic(), "agent-7", Duration.ofDays(90), CLOCK);
        assertThrows(CertPathValidatorException.class, () -> validate(foreign, ca.certificate(), NOW.plus(Duration.ofDays(1))));
    }

    @Test
    void expiredAgentCertificateFailsValidation() throws Exception {
        X509Certificate certificate = ca.issueAgentCertificate(agent.getPublic(), "agent-7", Duration.ofDays(90), CLOCK);
        assertThrows(CertPathValidatorException.class, () -> validate(certificate, ca.certificate(), NOW.plus(Duration.ofDays(91))));
    }

    @Test
    void agentCertificateNeverOutlivesTheCa() {
        CertificateAuthority shortLived = CertificateAuthority.generate("short", Duration.ofDays(30), CLOCK);
        X509Certificate certificate = shortLived.issueAgentCertificate(agent.getPublic(), "a1", Duration.ofDays(90), CLOCK);
        assertEquals(shortLived.certificate().getNotAfter(), certificate.getNotAfter());
    }

    @Test
    void invalidAgentIdsAreRefused() {
        for (String id : List.of("", "a/b", "a b", "a_b", "../x", "ag\u00e9nt", "x".repeat(65), "a,CN=admin")) {
            assertThrows(IllegalArgumentException.class,
                    () -> ca.issueAgentCertificate(agent.getPublic(), id, Duration.ofDays(1), CLOCK), id);
        }
        assertEquals("x".repeat(64), AgentIdentity.agentIdOf(
                ca.issueAgentCertificate(agent.getPublic(), "x".repeat(64), Duration.ofDays(1), CLOCK)).orElseThrow());
    }

    @Test
    void nonP256AgentKeysAreRefused() throws Exception {
        assertEquals("agent key is not ECDSA P-256", assertThrows(IllegalArgumentException.class,
                () -> ca.issueAgentCertificate(TestCrypto.ec("secp384r1").getPublic(), "a1", Duration.ofDays(1), CLOCK)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueAgentCertificate(TestCrypto.rsa().getPublic(), "a1", Duration.ofDays(1), CLOCK));
    }

    @Test
    void nonPositiveValidityIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueAgentCertificate(agent.getPublic(), "a1", Duration.ZERO, CLOCK));
        assertThrows(IllegalArgumentException.class,
                () -> CertificateAuthority.generate("ca", Duration.ofDays(-1), CLOCK));
    }

    @Test
    void serverCertificateCarriesDnsAndIpNamesAndServerAuth() throws Exception {
        KeyPair server = EcKeys.generateP256();
        X509Certificate certificate = ca.issueServerCertificate(server.getPublic(),
                List.of("ingest.example.com", "localhost"), List.of("127.0.0.1", "::1"), Duration.ofDays(365), CLOCK);
        validate(certificate, ca.certificate(), NOW.plus(Duration.ofDays(1)));
        assertEquals("CN=ingest.example.com", certificate.getSubjectX500Principal().getName());
        assertEquals(List.of(SERVER_AUTH), certificate.getExtendedKeyUsage());
        Set<List<?>> names = Set.copyOf(certificate.getSubjectAlternativeNames());
        assertEquals(4, names.size());
        assertTrue(names.contains(List.of(SAN_DNS, "ingest.example.com")), names.toString());
        assertTrue(names.contains(List.of(SAN_DNS, "localhost")), names.toString());
        assertTrue(names.contains(List.of(SAN_IP, "127.0.0.1")), names.toString());
        assertTrue(names.stream().anyMatch(name -> name.get(0).equals(SAN_IP) && ((String) name.get(1)).startsWith("0:0:0:0:0:0:0:1")),
                names.toString());
        assertEquals(-1, certificate.getBasicConstraints());
        assertTrue(AgentIdentity.agentIdOf(certificate).isEmpty());
    }

    @Test
    void serverCertificateNeedsValidNames() {
        KeyPair server = EcKeys.generateP256();
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueServerCertificate(server.getPublic(), List.of(), List.of(), Duration.ofDays(1), CLOCK));
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueServerCertificate(server.getPublic(), List.of(), List.of("300.1.1.1"), Duration.ofDays(1), CLOCK));
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueServerCertificate(server.getPublic(), List.of("a b"), List.of(), Duration.ofDays(1), CLOCK));
    }

    @Test
    void restoredCaKeepsSigning() throws Exception {
        CertificateAuthority restored = new CertificateAuthority(
                Pem.readCertificate(Pem.write(ca.certificate())), Pem.readPrivateKey(Pem.write(ca.privateKey())));
        X509Certificate certificate = restored.issueAgentCertificate(agent.getPublic(), "a1", Duration.ofDays(1), CLOCK);
        validate(certificate, ca.certificate(), NOW);
    }

    @Test
    void mismatchedKeyOrNonCaCertificateIsRefused() {
        CertificateAuthority other = CertificateAuthority.generate("other", Duration.ofDays(1), CLOCK);
        assertEquals("CA private key does not match its certificate", assertThrows(IllegalArgumentException.class,
                () -> new CertificateAuthority(ca.certificate(), other.privateKey())).getMessage());
        X509Certificate leaf = ca.issueAgentCertificate(agent.getPublic(), "a1", Duration.ofDays(1), CLOCK);
        assertEquals("certificate is not a CA certificate", assertThrows(IllegalArgumentException.class,
                () -> new CertificateAuthority(leaf, agent.getPrivate())).getMessage());
    }

    @Test
    void toStringHidesThePrivateKey() {
        String text = ca.toString();
        assertTrue(text.contains("privateKey=****"), text);
        assertFalse(text.contains(Base64.getEncoder().encodeToString(ca.privateKey().getEncoded())));
        BigInteger s = ((ECPrivateKey) ca.privateKey()).getS();
        assertFalse(text.contains(s.toString()));
        assertFalse(text.contains(s.toString(16)));
        assertNotEquals(-1, text.indexOf("CN=CT-Ops agent CA"));
        assertFalse(text.contains(HexFormat.of().formatHex(ca.privateKey().getEncoded())));
    }

    private static void validate(X509Certificate certificate, X509Certificate anchor, Instant at) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
    }

    private static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
    }

    private static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
    }
}
