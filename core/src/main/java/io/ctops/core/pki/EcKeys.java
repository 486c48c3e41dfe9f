package io.ctops.core.pki;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * ECDSA P-256 keys: the only agent key type, because it is the one that works with every TLS
 * provider combination of grpc-netty-shaded (see shared/TRIALS.md).
 */
public final class EcKeys {

    private EcKeys() {
    }

    /** A fresh P-256 key pair from the JDK provider. */
    public static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
        }
    }

    /**
     * True only for an EC public key whose encoding names the curve secp256r1 (prime256v1). Keys with
     * explicit curve parameters are refused even if they describe P-256: nothing we issue uses them.
     */
    public static boolean isP256(PublicKey key) {
        if (!(key instanceof ECPublicKey)) {
            return false;
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return false;
        }
        try {
            AlgorithmIdentifier algorithm = SubjectPublicKeyInfo.getInstance(encoded).getAlgorithm();
            return X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                    && X9ObjectIdentifiers.prime256v1.equals(algorithm.getParameters());
        } catch (RuntimeException e) {
            // BouncyCastle reports malformed ASN.1 with unchecked exceptions; malformed is "not P-256".
            return false;
        }
    }

    /** Lower-case hex SHA-256 of the key's SubjectPublicKeyInfo encoding. */
    public static String fingerprint(PublicKey key) {
        requireNonNull(key, "key is null");
        byte[] encoded = requireNonNull(key.getEncoded(), "key has no encoding");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
