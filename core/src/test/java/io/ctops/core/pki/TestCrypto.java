package io.ctops.core.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Keys, CSRs and hand-made certificates for the PKI tests. */
final class TestCrypto {

    private TestCrypto() {
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static String signatureAlgorithm(KeyPair signer) {
        if ("RSA".equals(signer.getPrivate().getAlgorithm())) {
            return "SHA256withRSA";
        }
        return "SHA256withECDSA";
    }

    /** A CSR for {@code subjectKey}, signed by {@code signer} (a different pair makes a forged CSR). */
    static byte[] csr(String commonName, PublicKey subjectKey, KeyPair signer) throws Exception {
        ContentSigner contentSigner = new JcaContentSignerBuilder(signatureAlgorithm(signer))
                .setProvider(new BouncyCastleProvider())
                .build(signer.getPrivate());
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), subjectKey)
                .build(contentSigner)
                .getEncoded();
    }

    static byte[] csr(KeyPair keys) throws Exception {
        return csr("agent-1", keys.getPublic(), keys);
    }

    /** A self-signed end-entity certificate with the given subject alternative names (none when empty). */
    static X509Certificate selfSigned(KeyPair keys, GeneralName... sans) throws Exception {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=hand-made");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(42),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), subject, keys.getPublic());
        if (sans.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(keys))
                .setProvider(new BouncyCastleProvider())
                .build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    static GeneralName uri(String value) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, value);
    }
}
