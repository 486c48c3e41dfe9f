package io.ctops.core.pki;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/** The one text form of a certificate serial, used as its key in the database (e.g. revocations). */
public final class SerialNumbers {

    private SerialNumbers() {
    }

    /** Lower-case hex without leading zeros; total, so a revocation check never throws on odd certificates. */
    public static String hex(BigInteger serial) {
        requireNonNull(serial, "serial is null");
        return serial.toString(16);
    }
}
