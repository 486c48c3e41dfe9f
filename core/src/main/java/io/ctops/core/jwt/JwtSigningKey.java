package io.ctops.core.jwt;

import static java.util.Objects.requireNonNull;

import io.ctops.core.security.Tokens;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * An RS256 key pair that signs agent JWTs, named by the {@code kid} verifiers use to pick it.
 *
 * @param keyId the JWS {@code kid}
 * @param privateKey never shown by {@link #toString()}
 * @param publicKey published in the JWKS
 */
public record JwtSigningKey(String keyId, RSAPrivateKey privateKey, RSAPublicKey publicKey) {

    private static final int RSA_BITS = 2048;

    public JwtSigningKey {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(publicKey, "publicKey is null");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("keyId is blank");
        }
        // A mismatched pair would sign tokens that the published key never verifies.
        if (!privateKey.getModulus().equals(publicKey.getModulus())) {
            throw new IllegalArgumentException("JWT private and public keys do not belong together");
        }
    }

    /** A new RSA-2048 key with a random 16-character URL-safe key id. */
    public static JwtSigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            KeyPair pair = generator.generateKeyPair();
            // 12 random bytes are exactly 16 base64 characters.
            return new JwtSigningKey(Tokens.random("", 12), (RSAPrivateKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    /** Restores a key stored as PKCS#8 (private, to be sealed at rest) and X.509 SubjectPublicKeyInfo (public). */
    public static JwtSigningKey of(String keyId, byte[] pkcs8, byte[] x509PublicKey) {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(pkcs8, "pkcs8 is null");
        requireNonNull(x509PublicKey, "x509PublicKey is null");
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPrivateKey privateKey = (RSAPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(x509PublicKey));
            return new JwtSigningKey(keyId, privateKey, publicKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            // No cause attached: a parser message about key bytes is not worth the risk of leaking them.
            throw new IllegalArgumentException("not an RSA key pair (PKCS#8 private key, X.509 public key)");
        }
    }

    /** The private key as PKCS#8 DER, for sealing with the SecretBox before it is stored. */
    public byte[] privateKeyPkcs8() {
        return privateKey.getEncoded();
    }

    @Override
    public String toString() {
        return "JwtSigningKey[keyId=" + keyId + ", privateKey=****]";
    }
}
