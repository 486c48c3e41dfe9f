package io.ctops.core.pki;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * The internal agent CA: signs agents' mTLS client certificates and, when the operator brings none,
 * the ingest server's certificate.
 *
 * @param certificate the CA certificate (a CA per BasicConstraints)
 * @param privateKey its private key, which must match the certificate; never shown by {@link #toString()}
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {

    /** Certificates start this far in the past so a peer whose clock runs behind still accepts them. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final int SERIAL_BITS = 127;

    public CertificateAuthority {
        requireNonNull(certificate, "certificate is null");
        requireNonNull(privateKey, "privateKey is null");
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("certificate is not a CA certificate");
        }
        // An operator-supplied CA could pair the wrong key; better to fail at boot than at first signing.
        if (!keyMatches(certificate.getPublicKey(), privateKey)) {
            throw new IllegalArgumentException("CA private key does not match its certificate");
        }
    }

    /**
     * A new self-signed ECDSA P-256 CA, valid from now (less the clock-skew allowance) for
     * {@code validity}. Path length 0: it signs end-entity certificates only.
     */
    public static CertificateAuthority generate(String commonName, Duration validity, Clock clock) {
        requireNonNull(commonName, "commonName is null");
        requireNonNull(validity, "validity is null");
        requireNonNull(clock, "clock is null");
        requirePositive(validity);
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("commonName is blank");
        }
        KeyPair keys = EcKeys.generateP256();
        X500Name subject = commonNameOnly(commonName);
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, randomSerial(), Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validity)),
                    subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the CA certificate", e);
        }
    }

    /**
     * An mTLS client certificate for an agent: subject {@code CN=<agentId>}, URI SAN
     * {@code spiffe://ctops/agent/<agentId>}, EKU clientAuth. It never outlives this CA.
     *
     * @throws IllegalArgumentException if the id is not {@code [A-Za-z0-9-]{1,64}} or the key is not P-256
     */
    public X509Certificate issueAgentCertificate(PublicKey agentKey, String agentId, Duration validity, Clock clock) {
        requireNonNull(agentKey, "agentKey is null");
        requireNonNull(agentId, "agentId is null");
        requireNonNull(validity, "validity is null");
        requireNonNull(clock, "clock is null");
        requirePositive(validity);
        if (!AgentIdentity.isValidAgentId(agentId)) {
            throw new IllegalArgumentException("agent id must match [A-Za-z0-9-]{1,64}");
        }
        if (!EcKeys.isP256(agentKey)) {
            throw new IllegalArgumentException("agent key is not ECDSA P-256");
        }
        GeneralNames san = new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, AgentIdentity.SPIFFE_PREFIX + agentId));
        return issueEndEntity(agentKey, commonNameOnly(agentId), san, KeyPurposeId.id_kp_clientAuth,
                KeyUsage.digitalSignature, validity, clock);
    }

    /**
     * A TLS server certificate with the given DNS and IP subject alternative names (at least one);
     * the subject CN is the first of them. EKU serverAuth.
     */
    public X509Certificate issueServerCertificate(
            PublicKey key, List<String> dnsNames, List<String> ipAddresses, Duration validity, Clock clock) {
        requireNonNull(key, "key is null");
        requireNonNull(dnsNames, "dnsNames is null");
        requireNonNull(ipAddresses, "ipAddresses is null");
        requireNonNull(validity, "validity is null");
        requireNonNull(clock, "clock is null");
        requirePositive(validity);
        List<GeneralName> names = new ArrayList<>();
        for (String dnsName : dnsNames) {
            if (dnsName == null || dnsName.isBlank() || dnsName.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("invalid DNS name: '" + dnsName + "'");
            }
            names.add(new GeneralName(GeneralName.dNSName, dnsName));
        }
        for (String ipAddress : ipAddresses) {
            if (ipAddress == null || !IPAddress.isValid(ipAddress)) {
                throw new IllegalArgumentException("invalid IP address: '" + ipAddress + "'");
            }
            names.add(new GeneralName(GeneralName.iPAddress, ipAddress));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
        String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
        // RSA key exchange (TLS 1.2 static RSA) also needs keyEncipherment; ECDSA keys only sign.
        int keyUsage = "RSA".equals(key.getAlgorithm())
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
        return issueEndEntity(key, commonNameOnly(commonName), new GeneralNames(names.toArray(GeneralName[]::new)),
                KeyPurposeId.id_kp_serverAuth, keyUsage, validity, clock);
    }

    private X509Certificate issueEndEntity(PublicKey subjectKey, X500Name subject, GeneralNames san,
            KeyPurposeId purpose, int keyUsage, Duration validity, Clock clock) {
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        Instant caNotAfter = certificate.getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            // A certificate outliving its issuer would fail validation anyway; cap it instead.
            notAfter = caNotAfter;
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    certificate, randomSerial(), Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter),
                    subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    // Not critical: the subject DN is not empty (RFC 5280 §4.2.1.6).
                    .addExtension(Extension.subjectAlternativeName, false, san)
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) throws CertificateException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(signingKey))
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(signingKey);
            // No provider on the converter: the JDK's X509Certificate is what JSSE and PKIX expect.
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot create a signer for the CA key", e);
        }
    }

    // The generated CA is P-256; an operator may bring an RSA one.
    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported CA key algorithm " + key.getAlgorithm());
        };
    }

    private static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
        try {
            String algorithm = signatureAlgorithm(privateKey);
            byte[] probe = "ctops-ca-key-check".getBytes(StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    // X500NameBuilder escapes the value, so a name containing ',' or '=' cannot add RDNs.
    private static X500Name commonNameOnly(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    // RFC 5280 allows up to 20 octets; 127 random bits stay positive and leave no room to guess.
    private static BigInteger randomSerial() {
        SecureRandom random = new SecureRandom();
        BigInteger serial;
        do {
            serial = new BigInteger(SERIAL_BITS, random);
        } while (serial.signum() == 0);
        return serial;
    }

    private static void requirePositive(Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + SerialNumbers.hex(certificate.getSerialNumber()) + ", privateKey=****]";
    }
}
