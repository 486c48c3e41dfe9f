package io.ctops.core.security;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random bearer tokens (enrolment tokens, API keys, ids) and the helpers to store and compare them. */
public final class Tokens {

    private static final int MAX_RANDOM_BYTES = 1024;

    private Tokens() {
    }

    /**
     * {@code prefix} followed by {@code bytes} random bytes in unpadded URL-safe base64, e.g.
     * {@code random("ctops_et_", 32)}. The prefix makes a leaked token recognisable by secret scanners.
     */
    public static String random(String prefix, int bytes) {
        requireNonNull(prefix, "prefix is null");
        if (bytes < 1 || bytes > MAX_RANDOM_BYTES) {
            throw new IllegalArgumentException("bytes must be 1.." + MAX_RANDOM_BYTES + ", was " + bytes);
        }
        byte[] random = new byte[bytes];
        // A fresh instance per call keeps this class free of shared state; NativePRNG makes it cheap.
        new SecureRandom().nextBytes(random);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** SHA-256 of the UTF-8 bytes; tokens are stored as this hash, never in clear. */
    public static byte[] sha256(String value) {
        requireNonNull(value, "value is null");
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Compares in time independent of where the arrays differ, so a hash cannot be guessed byte by byte. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        requireNonNull(a, "a is null");
        requireNonNull(b, "b is null");
        return MessageDigest.isEqual(a, b);
    }
}
