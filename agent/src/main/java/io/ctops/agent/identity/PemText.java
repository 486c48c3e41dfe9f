package io.ctops.agent.identity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM armour ({@code -----BEGIN TYPE-----}, Base64 lines, {@code -----END TYPE-----}) for DER bytes. */
public final class PemText {

    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private PemText() {
    }

    /** {@return the DER bytes as PEM of the given type, e.g. {@code PRIVATE KEY}} */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * Decodes the first block of the given type.
     *
     * @throws IllegalArgumentException when there is no such block or its Base64 is broken
     */
    public static byte[] decode(String type, String pem) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int start = pem.indexOf(begin);
        if (start < 0) {
            throw new IllegalArgumentException("no '" + begin + "' line");
        }
        int stop = pem.indexOf(end, start + begin.length());
        if (stop < 0) {
            throw new IllegalArgumentException("no '" + end + "' line");
        }
        String body = pem.substring(start + begin.length(), stop).replaceAll("\\s", "");
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the " + type + " block is empty");
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + type + " block is not valid Base64");
        }
    }
}
