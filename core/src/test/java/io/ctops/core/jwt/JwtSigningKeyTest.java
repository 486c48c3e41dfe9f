package io.ctops.core.jwt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtSigningKeyTest {

    private static final JwtSigningKey KEY = JwtSigningKey.generate();

    @Test
    void generatesRsa2048WithAUrlSafeKeyId() {
        assertEquals(2048, KEY.publicKey().getModulus().bitLength());
        assertTrue(KEY.keyId().matches("[A-Za-z0-9_-]{16}"), KEY.keyId());
        assertNotEquals(KEY.keyId(), JwtSigningKey.generate().keyId());
    }

    @Test
    void restoresFromStoredEncodings() {
        JwtSigningKey restored = JwtSigningKey.of(KEY.keyId(), KEY.privateKeyPkcs8(), KEY.publicKey().getEncoded());
        assertEquals(KEY.keyId(), restored.keyId());
        assertArrayEquals(KEY.privateKeyPkcs8(), restored.privateKeyPkcs8());
        assertEquals(KEY.publicKey(), restored.publicKey());
        assertEquals(KEY.privateKey().getPrivateExponent(), restored.privateKey().getPrivateExponent());
    }

    @Test
    void refusesGarbageWithoutEchoingIt() {
        byte[] garbage = "not-a-key-hunter2".getBytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtSigningKey.of("k", garbage, KEY.publicKey().getEncoded()));
        assertFalse(e.getMessage().contains("hunter2"));
        assertNull(e.getCause());
    }

    @Test
    void refusesAPrivateKeyThatDoesNotMatchThePublicKey() {
        JwtSigningKey other = JwtSigningKey.generate();
        assertThrows(IllegalArgumentException.class,
                () -> JwtSigningKey.of("k", KEY.privateKeyPkcs8(), other.publicKey().getEncoded()));
    }

    @Test
    void toStringHidesThePrivateKey() {
        String text = KEY.toString();
        assertTrue(text.contains(KEY.keyId()), text);
        assertTrue(text.contains("privateKey=****"), text);
        assertFalse(text.contains(KEY.privateKey().getPrivateExponent().toString()));
        assertFalse(text.contains(KEY.privateKey().getPrivateExponent().toString(16)));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(KEY.privateKeyPkcs8()).substring(0, 40)));
    }
}
