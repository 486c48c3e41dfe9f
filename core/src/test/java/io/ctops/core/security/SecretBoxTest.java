package io.ctops.core.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String MASTER = "correct-horse-battery-staple-0123456789";
    private static final String CONTEXT = "agent-ca-key";
    private static final String FAILURE = "cannot decrypt agent-ca-key: wrong CT_OPS_SECRET or corrupted data";
    private static final byte[] PLAINTEXT = "-----BEGIN PRIVATE KEY-----secret".getBytes(StandardCharsets.UTF_8);

    private final SecretBox box = new SecretBox(MASTER);

    @Test
    void opensWhatItSealed() {
        byte[] sealed = box.seal(PLAINTEXT, CONTEXT);
        assertArrayEquals(PLAINTEXT, box.open(sealed, CONTEXT));
    }

    @Test
    void anotherInstanceWithTheSameSecretOpensIt() {
        byte[] sealed = box.seal(PLAINTEXT, CONTEXT);
        assertArrayEquals(PLAINTEXT, new SecretBox(MASTER).open(sealed, CONTEXT));
    }

    @Test
    void sealedLayoutIsVersionNonceCiphertextAndTag() {
        byte[] sealed = box.seal(PLAINTEXT, CONTEXT);
        assertEquals(1 + 12 + PLAINTEXT.length + 16, sealed.length);
        assertEquals(1, sealed[0]);
        String hex = HexFormat.of().formatHex(sealed);
        assertFalse(hex.contains(HexFormat.of().formatHex(PLAINTEXT)), "plaintext is visible in the output");
    }

    @Test
    void emptyPlaintextRoundTrips() {
        assertArrayEquals(new byte[0], box.open(box.seal(new byte[0], CONTEXT), CONTEXT));
    }

    @Test
    void everySealUsesAFreshNonce() {
        byte[] first = box.seal(PLAINTEXT, CONTEXT);
        byte[] second = box.seal(PLAINTEXT, CONTEXT);
        assertFalse(Arrays.equals(Arrays.copyOfRange(first, 1, 13), Arrays.copyOfRange(second, 1, 13)));
        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void anyTamperedByteIsDetected() {
        byte[] sealed = box.seal(PLAINTEXT, CONTEXT);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            SecretBoxException e = assertThrows(SecretBoxException.class, () -> box.open(tampered, CONTEXT), "byte " + i);
            assertEquals(FAILURE, e.getMessage());
        }
    }

    @Test
    void wrongContextIsRefused() {
        byte[] sealed = box.seal(PLAINTEXT, CONTEXT);
        SecretBoxException e = assertThrows(SecretBoxException.class, () -> box.open(sealed, "ldap-bind-password"));
        assertEquals("cannot decrypt ldap-bind-password: wrong CT_OPS_SECRET or corrupted data", e.getMessage());
    }

    @Test
    void wrongMasterSecretIsRefused() {
        byte[] sealed = box.seal(PLAINTEXT, CONTEXT);
        SecretBox other = new SecretBox(MASTER + "x");
        SecretBoxException e = assertThrows(SecretBoxException.class, () -> other.open(sealed, CONTEXT));
        assertEquals(FAILURE, e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void truncatedInputIsRefused() {
        byte[] sealed = box.seal(PLAINTEXT, CONTEXT);
        for (int length : new int[] {0, 1, 13, 28, sealed.length - 1}) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertThrows(SecretBoxException.class, () -> box.open(truncated, CONTEXT), "length " + length);
        }
    }

    @Test
    void unknownVersionIsRefused() {
        byte[] sealed = box.seal(PLAINTEXT, CONTEXT);
        sealed[0] = 2;
        assertEquals(FAILURE, assertThrows(SecretBoxException.class, () -> box.open(sealed, CONTEXT)).getMessage());
    }

    @Test
    void blankMasterSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(" "));
        assertThrows(NullPointerException.class, () -> new SecretBox(null));
    }

    @Test
    void toStringHidesTheSecret() {
        String text = box.toString();
        assertFalse(text.contains(MASTER));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(MASTER.getBytes(StandardCharsets.UTF_8))));
        assertEquals("SecretBox[key=****]", text);
    }
}
