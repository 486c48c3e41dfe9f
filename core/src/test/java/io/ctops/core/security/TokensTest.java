package io.ctops.core.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void randomTokenHasPrefixAndUrlSafeBody() {
        String token = Tokens.random("ctops_et_", 32);
        assertTrue(token.startsWith("ctops_et_"));
        String body = token.substring("ctops_et_".length());
        assertEquals(43, body.length());
        assertTrue(body.matches("[A-Za-z0-9_-]+"), body);
        assertEquals(32, Base64.getUrlDecoder().decode(body).length);
    }

    @Test
    void randomTokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(Tokens.random("", 16)));
        }
    }

    @Test
    void randomRefusesNonsenseLengths() {
        assertThrows(IllegalArgumentException.class, () -> Tokens.random("p", 0));
        assertThrows(IllegalArgumentException.class, () -> Tokens.random("p", -1));
    }

    @Test
    void sha256MatchesTheStandardVector() {
        assertArrayEquals(
                HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                Tokens.sha256("abc"));
        assertNotEquals(HexFormat.of().formatHex(Tokens.sha256("abc")), HexFormat.of().formatHex(Tokens.sha256("abd")));
    }

    @Test
    void constantTimeEqualsComparesContent() {
        assertTrue(Tokens.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}));
        assertFalse(Tokens.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2, 4}));
        assertFalse(Tokens.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2}));
        assertTrue(Tokens.constantTimeEquals(Tokens.sha256("x"), Tokens.sha256("x")));
    }
}
