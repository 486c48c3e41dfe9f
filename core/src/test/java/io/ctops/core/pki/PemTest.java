package io.ctops.core.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

class PemTest {

    private static final String SECRET_LOOKING_BODY = "c2VjcmV0LXBhc3N3b3JkLWh1bnRlcjI=";

    @Test
    void publicKeysRoundTrip() throws Exception {
        for (KeyPair keys : List.of(EcKeys.generateP256(), TestCrypto.rsa())) {
            String pem = Pem.write(keys.getPublic());
            assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----"), pem);
            PublicKey read = Pem.readPublicKey(pem);
            assertArrayEquals(keys.getPublic().getEncoded(), read.getEncoded());
            assertEquals(keys.getPublic(), read);
        }
    }

    @Test
    void privateKeysRoundTripAsPkcs8() throws Exception {
        for (KeyPair keys : List.of(EcKeys.generateP256(), TestCrypto.rsa())) {
            String pem = Pem.write(keys.getPrivate());
            assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
            PrivateKey read = Pem.readPrivateKey(pem);
            assertArrayEquals(keys.getPrivate().getEncoded(), read.getEncoded());
            assertSignsFor(keys.getPublic(), read);
        }
    }

    @Test
    void readsSec1EcPrivateKey() throws Exception {
        KeyPair keys = EcKeys.generateP256();
        String pem = sec1(keys);
        assertTrue(pem.startsWith("-----BEGIN EC PRIVATE KEY-----"), pem);
        PrivateKey read = Pem.readPrivateKey(pem);
        assertEquals(((ECPrivateKey) keys.getPrivate()).getS(), ((ECPrivateKey) read).getS());
        assertSignsFor(keys.getPublic(), read);
    }

    @Test
    void readsPkcs1RsaPrivateKey() throws Exception {
        KeyPair keys = TestCrypto.rsa();
        String pem = openSslStyle(keys.getPrivate());
        assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pem);
        PrivateKey read = Pem.readPrivateKey(pem);
        assertEquals(((RSAPrivateKey) keys.getPrivate()).getPrivateExponent(), ((RSAPrivateKey) read).getPrivateExponent());
        assertSignsFor(keys.getPublic(), read);
    }

    @Test
    void certificatesRoundTrip() {
        Clock clock = Clock.systemUTC();
        CertificateAuthority ca = CertificateAuthority.generate("pem CA", Duration.ofDays(1), clock);
        X509Certificate agent = ca.issueAgentCertificate(EcKeys.generateP256().getPublic(), "a1", Duration.ofHours(1), clock);

        String single = Pem.write(agent);
        assertTrue(single.startsWith("-----BEGIN CERTIFICATE-----"), single);
        assertEquals(agent, Pem.readCertificate(single));

        String chain = Pem.write(agent) + Pem.write(ca.certificate());
        assertEquals(List.of(agent, ca.certificate()), Pem.readCertificates(chain));
        assertEquals(agent, Pem.readCertificate(chain));
    }

    @Test
    void wrongBlockTypeIsRefused() throws Exception {
        KeyPair keys = EcKeys.generateP256();
        String publicPem = Pem.write(keys.getPublic());
        String privatePem = Pem.write(keys.getPrivate());
        assertEquals("not a PEM private key",
                assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(publicPem)).getMessage());
        assertEquals("not a PEM public key",
                assertThrows(IllegalArgumentException.class, () -> Pem.readPublicKey(privatePem)).getMessage());
        assertEquals("not a PEM certificate",
                assertThrows(IllegalArgumentException.class, () -> Pem.readCertificate(publicPem)).getMessage());
        X509Certificate certificate = TestCrypto.selfSigned(keys);
        String certificateAndKey = Pem.write(certificate) + privatePem;
        assertEquals("not a PEM certificate list",
                assertThrows(IllegalArgumentException.class, () -> Pem.readCertificates(certificateAndKey)).getMessage());
    }

    @Test
    void emptyOrNonPemInputIsRefused() {
        for (String input : List.of("", "hello", "-----BEGIN PUBLIC KEY-----\n")) {
            assertThrows(IllegalArgumentException.class, () -> Pem.readPublicKey(input));
            assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(input));
            assertThrows(IllegalArgumentException.class, () -> Pem.readCertificate(input));
            assertThrows(IllegalArgumentException.class, () -> Pem.readCertificates(input));
        }
    }

    @Test
    void malformedPrivateKeyIsNotEchoed() {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + SECRET_LOOKING_BODY + "\n-----END PRIVATE KEY-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(pem));
        assertEquals("not a PEM private key", e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void malformedPublicKeyAndCertificateAreNotEchoed() {
        String key = "-----BEGIN PUBLIC KEY-----\n" + SECRET_LOOKING_BODY + "\n-----END PUBLIC KEY-----\n";
        String cert = "-----BEGIN CERTIFICATE-----\n" + SECRET_LOOKING_BODY + "\n-----END CERTIFICATE-----\n";
        IllegalArgumentException keyError = assertThrows(IllegalArgumentException.class, () -> Pem.readPublicKey(key));
        IllegalArgumentException certError = assertThrows(IllegalArgumentException.class, () -> Pem.readCertificate(cert));
        assertEquals("not a PEM public key", keyError.getMessage());
        assertEquals("not a PEM certificate", certError.getMessage());
        assertFalse(keyError.getMessage().contains(SECRET_LOOKING_BODY));
    }

    @Test
    void writeRefusesOtherObjects() {
        assertEquals("cannot write String as PEM",
                assertThrows(IllegalArgumentException.class, () -> Pem.write("text")).getMessage());
    }

    /** The layout "openssl ecparam -genkey" writes: SEC1 with the curve OID and the public point. */
    private static String sec1(KeyPair keys) throws Exception {
        BigInteger s = ((ECPrivateKey) keys.getPrivate()).getS();
        DERBitString point = new DERBitString(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getOctets());
        byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, s, point, X9ObjectIdentifiers.prime256v1).getEncoded();
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", der));
        }
        return out.toString();
    }

    private static String openSslStyle(PrivateKey key) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        }
        return out.toString();
    }

    private static void assertSignsFor(PublicKey publicKey, PrivateKey privateKey) throws Exception {
        String algorithm = "RSA".equals(publicKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature));
    }
}
