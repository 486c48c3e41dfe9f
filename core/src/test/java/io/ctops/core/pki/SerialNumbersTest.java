package io.ctops.core.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SerialNumbersTest {

    @Test
    void lowerCaseHexWithoutLeadingZeros() {
        assertEquals("ff", SerialNumbers.hex(BigInteger.valueOf(255)));
        assertEquals("a0b", SerialNumbers.hex(new BigInteger("00A0B", 16)));
        assertEquals("0", SerialNumbers.hex(BigInteger.ZERO));
        assertEquals("7fffffffffffffffffffffffffffffff",
                SerialNumbers.hex(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE)));
    }
}
