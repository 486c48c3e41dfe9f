package io.ctops.core.security;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of secrets at rest (CA key, LDAP/SMTP passwords, webhook secrets) under a
 * key derived from {@code CT_OPS_SECRET}.
 *
 * <p>Sealed format: {@code version (1 byte, = 1) | nonce (12 bytes) | AES-256-GCM ciphertext+tag}.
 * The caller's {@code context} (e.g. {@code "agent-ca-key"}) is authenticated as associated data,
 * so a value sealed for one purpose cannot be opened as another. Thread-safe.
 */
public final class SecretBox {

    private static final byte VERSION = 1;
    private static final byte[] HKDF_SALT = "ctops/secret-box/v1".getBytes(StandardCharsets.UTF_8);
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_SEALED_BYTES = 1 + NONCE_BYTES + TAG_BITS / 8;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(String masterSecret) {
        requireNonNull(masterSecret, "masterSecret is null");
        if (masterSecret.isBlank()) {
            throw new IllegalArgumentException("master secret is blank");
        }
        byte[] derived = Hkdf.deriveSha256(masterSecret.getBytes(StandardCharsets.UTF_8), HKDF_SALT, new byte[0], KEY_BYTES);
        this.key = new SecretKeySpec(derived, "AES");
        Arrays.fill(derived, (byte) 0);
    }

    /** Encrypts {@code plaintext} for {@code context}, with a fresh random nonce each call. */
    public byte[] seal(byte[] plaintext, String context) {
        requireNonNull(plaintext, "plaintext is null");
        requireNonNull(context, "context is null");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(VERSION, context));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + ciphertext.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            // AES-GCM is mandatory in every JDK; encryption with a valid key cannot otherwise fail.
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a value sealed for {@code context}.
     *
     * @throws SecretBoxException if the key is wrong, the data was altered or truncated, the context
     *     differs, or the format version is unknown
     */
    public byte[] open(byte[] sealed, String context) {
        requireNonNull(sealed, "sealed is null");
        requireNonNull(context, "context is null");
        if (sealed.length < MIN_SEALED_BYTES || sealed[0] != VERSION) {
            throw failure(context);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(sealed[0], context));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            // No cause attached: the only useful fact is that authentication failed.
            throw failure(context);
        }
    }

    // The version byte is authenticated too, so a later format cannot be downgraded by flipping it.
    private static byte[] associatedData(byte version, String context) {
        byte[] contextBytes = context.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + contextBytes.length).put(version).put(contextBytes).array();
    }

    private static SecretBoxException failure(String context) {
        return new SecretBoxException("cannot decrypt " + context + ": wrong CT_OPS_SECRET or corrupted data");
    }

    @Override
    public String toString() {
        return "SecretBox[key=****]";
    }
}
