package io.ctops.agent.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA for tests: issues server and agent certificates. */
public final class TestCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(1);

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA named {@code CN=<name>}. */
    public static TestCertificates ca(String name) {
        KeyPair keys = p256();
        X500Name subject = new X500Name("CN=" + name);
        return new TestCertificates(keys, build(new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(Duration.ofDays(30))), subject,
                keys.getPublic()), keys, true, null));
    }

    public X509Certificate certificate() {
        return ca;
    }

    /** The CA certificate as PEM. */
    public String pem() {
        return pem(ca);
    }

    /** A certificate for the key, valid from {@code notBefore} to {@code notAfter}. */
    public X509Certificate issue(PublicKey key, String commonName, Instant notBefore, Instant notAfter) {
        return build(new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore), Date.from(notAfter),
                new X500Name("CN=" + commonName), key), caKeys, false, null);
    }

    /** A TLS server certificate for {@code localhost} and 127.0.0.1. */
    public X509Certificate issueServer(PublicKey key) {
        GeneralNames names = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        return build(new JcaX509v3CertificateBuilder(ca, serial(), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(1))), new X500Name("CN=localhost"), key), caKeys, false,
                names);
    }

    private static X509Certificate build(X509v3CertificateBuilder builder, KeyPair signer, boolean isCa,
            GeneralNames names) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.getAndIncrement());
    }

    public static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<X509Certificate> none() {
        return List.of();
    }
}
