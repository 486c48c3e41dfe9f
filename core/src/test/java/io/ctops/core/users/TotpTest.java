package io.ctops.core.users;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238's published SHA-1 test vectors (8 digits there; the last 6 digits here) and base32 round trips. */
class TotpTest {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesMatchTheRfcVectors() {
        assertEquals("287082", Totp.code(RFC_SECRET, 59 / 30));
        assertEquals("081804", Totp.code(RFC_SECRET, 1111111109L / 30));
        assertEquals("050471", Totp.code(RFC_SECRET, 1111111111L / 30));
        assertEquals("005924", Totp.code(RFC_SECRET, 1234567890L / 30));
        assertEquals("279037", Totp.code(RFC_SECRET, 2000000000L / 30));
    }

    @Test
    void aCodeIsAcceptedWithinOneStepAndOnlyAfterTheLastUsedStep() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        long step = now.getEpochSecond() / 30;
        assertEquals(step - 1, Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now, -1).getAsLong());
        assertTrue(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now, -1).isEmpty());
        assertTrue(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step), now, step).isEmpty(), "used step");
        assertTrue(Totp.verify(RFC_SECRET, "12a456", now, -1).isEmpty());
    }

    @Test
    void base32RoundTrips() {
        byte[] secret = Totp.newSecret();
        assertArrayEquals(secret, Totp.fromBase32(Totp.base32(secret)));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(RFC_SECRET));
    }
}
