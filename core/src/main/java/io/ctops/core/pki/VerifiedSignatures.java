package io.ctops.core.pki;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which certificates were found signed by which issuer, so an agent that reconnects does not
 * pay for the same ECDSA verification again: the JDK's P-256 verification is pure Java and costs about a
 * millisecond of CPU, and it ran twice per reconnect (handshake, then the CA-rotation check), which made
 * it the largest CPU cost of a reconnect storm. One instance is shared by both checks (see
 * {@code AgentIdentityServices}). A signature over fixed bytes cannot change, so a remembered result
 * stays true; what can change (validity dates, revocation, which CAs are trusted) is still checked by the
 * callers every time. Only successes are remembered, so certificates nobody signed cannot fill it; past
 * {@link #MAX_ENTRIES} it starts over.
 */
public final class VerifiedSignatures {

    /** About 200 bytes each: 40 MB at most, for a fleet and its renewals. */
    static final int MAX_ENTRIES = 200_000;

    private record Key(ByteBuffer certificate, ByteBuffer issuerKey) {
    }

    private final Set<Key> verified = ConcurrentHashMap.newKeySet();

    /** {@return whether the certificate's signature verifies with the issuer's key}, remembered once it did */
    public boolean isSignedBy(X509Certificate certificate, X509Certificate issuer) {
        Key key = key(certificate, issuer);
        if (verified.contains(key)) {
            return true;
        }
        if (!verifies(certificate, issuer)) {
            return false;
        }
        remember(key);
        return true;
    }

    /** With BouncyCastle: its P-256 verification takes about a quarter of the JDK's CPU time. */
    private static boolean verifies(X509Certificate certificate, X509Certificate issuer) {
        try {
            Signature signature = Signature.getInstance(certificate.getSigAlgOID(), BouncyCastle.PROVIDER);
            signature.initVerify(issuer.getPublicKey());
            signature.update(certificate.getTBSCertificate());
            return signature.verify(certificate.getSignature());
        } catch (NoSuchAlgorithmException unknownToBouncyCastle) {
            try {
                certificate.verify(issuer.getPublicKey());
                return true;
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** {@return whether this certificate was found signed by this issuer before}; verifies nothing */
    public boolean knownSignedBy(X509Certificate certificate, X509Certificate issuer) {
        return verified.contains(key(certificate, issuer));
    }

    /** Notes a signature the caller verified itself (e.g. by validating a certification path). */
    public void remember(X509Certificate certificate, X509Certificate issuer) {
        remember(key(certificate, issuer));
    }

    int size() {
        return verified.size();
    }

    private void remember(Key key) {
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear();
        }
        verified.add(key);
    }

    private static Key key(X509Certificate certificate, X509Certificate issuer) {
        requireNonNull(certificate, "certificate is null");
        requireNonNull(issuer, "issuer is null");
        try {
            return new Key(sha256(certificate.getEncoded()), sha256(issuer.getPublicKey().getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer sha256(byte[] bytes) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
