package io.ctops.core.pki;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes PEM text. Keys and certificates come out as JDK objects (not BouncyCastle ones)
 * so they work unchanged with JSSE, PKIX validation and jose4j.
 *
 * <p>Malformed input raises {@link IllegalArgumentException} with a short message that never
 * contains the input: it may be a private key.
 */
public final class Pem {

    private Pem() {
    }

    /** The first PEM block, which must be a {@code PUBLIC KEY} (SubjectPublicKeyInfo). */
    public static PublicKey readPublicKey(String pem) {
        requireNonNull(pem, "pem is null");
        try {
            Object object = firstObject(pem);
            if (object instanceof SubjectPublicKeyInfo info) {
                return new JcaPEMKeyConverter().getPublicKey(info);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM public key", e);
        }
        throw new IllegalArgumentException("not a PEM public key");
    }

    /**
     * An unencrypted private key: PKCS#8 {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} or PKCS#1
     * {@code RSA PRIVATE KEY}. Encrypted keys are refused.
     */
    public static PrivateKey readPrivateKey(String pem) {
        requireNonNull(pem, "pem is null");
        PrivateKeyInfo info;
        try {
            Object object = firstObject(pem);
            if (object instanceof PrivateKeyInfo pkcs8) {
                info = pkcs8;
            } else if (object instanceof PEMKeyPair pair) {
                info = pair.getPrivateKeyInfo();
            } else {
                info = null;
            }
            if (info != null) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
        } catch (IOException | RuntimeException e) {
            // No cause attached: a parser message about a private key is not worth the risk of leaking it.
            throw new IllegalArgumentException("not a PEM private key");
        }
        throw new IllegalArgumentException("not a PEM private key");
    }

    /** The first PEM block, which must be a {@code CERTIFICATE}; later blocks (e.g. the rest of a chain) are ignored. */
    public static X509Certificate readCertificate(String pem) {
        requireNonNull(pem, "pem is null");
        try {
            X509Certificate certificate = toCertificate(firstObject(pem));
            if (certificate != null) {
                return certificate;
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM certificate", e);
        }
        throw new IllegalArgumentException("not a PEM certificate");
    }

    /** All certificates, in order; every block must be a certificate and there must be at least one. */
    public static List<X509Certificate> readCertificates(String pem) {
        requireNonNull(pem, "pem is null");
        List<X509Certificate> certificates = new ArrayList<>();
        boolean onlyCertificates = true;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null && onlyCertificates; object = parser.readObject()) {
                X509Certificate certificate = toCertificate(object);
                onlyCertificates = certificate != null;
                if (onlyCertificates) {
                    certificates.add(certificate);
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM certificate list", e);
        }
        if (!onlyCertificates || certificates.isEmpty()) {
            throw new IllegalArgumentException("not a PEM certificate list");
        }
        return List.copyOf(certificates);
    }

    /** PEM text of a {@link PublicKey}, a {@link PrivateKey} (as PKCS#8) or an {@link X509Certificate}. */
    public static String write(Object object) {
        requireNonNull(object, "object is null");
        PemObject pem;
        if (object instanceof X509Certificate certificate) {
            try {
                pem = new PemObject("CERTIFICATE", certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate cannot be encoded", e);
            }
        } else if (object instanceof PublicKey key && "X.509".equals(key.getFormat())) {
            pem = new PemObject("PUBLIC KEY", key.getEncoded());
        } else if (object instanceof PrivateKey key && "PKCS#8".equals(key.getFormat())) {
            pem = new PemObject("PRIVATE KEY", key.getEncoded());
        } else {
            throw new IllegalArgumentException("cannot write " + object.getClass().getSimpleName() + " as PEM");
        }
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    // Converted by the JDK's factory so callers get the same class JSSE and PKIX produce.
    private static X509Certificate toCertificate(Object object) throws IOException, CertificateException {
        if (!(object instanceof X509CertificateHolder holder)) {
            return null;
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    }

    private static Object firstObject(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject();
        }
    }
}
