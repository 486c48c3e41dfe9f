package io.ctops.core.security;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869); the JDK has no public HKDF API before Java 24. */
final class Hkdf {

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    static byte[] deriveSha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
        requireNonNull(inputKeyMaterial, "inputKeyMaterial is null");
        requireNonNull(salt, "salt is null");
        requireNonNull(info, "info is null");
        if (length < 1 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF output length must be 1.." + 255 * HASH_LENGTH);
        }
        try {
            // RFC 5869 §2.2: an empty salt means a string of HashLen zeros.
            byte[] extractKey = salt.length == 0 ? new byte[HASH_LENGTH] : salt;
            Mac extract = Mac.getInstance(HMAC);
            extract.init(new SecretKeySpec(extractKey, HMAC));
            byte[] pseudoRandomKey = extract.doFinal(inputKeyMaterial);

            Mac expand = Mac.getInstance(HMAC);
            expand.init(new SecretKeySpec(pseudoRandomKey, HMAC));
            Arrays.fill(pseudoRandomKey, (byte) 0);
            ByteArrayOutputStream out = new ByteArrayOutputStream(length + HASH_LENGTH);
            byte[] previous = new byte[0];
            for (int counter = 1; out.size() < length; counter++) {
                expand.update(previous);
                expand.update(info);
                expand.update((byte) counter);
                previous = expand.doFinal();
                out.writeBytes(previous);
            }
            return Arrays.copyOf(out.toByteArray(), length);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every JDK; reaching this is a broken runtime.
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
