package io.ctops.core.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Serialises only the registrations that could collide: the same key, the same hostname or a shared
 * address in one organisation. Each is a transaction-scoped advisory lock, taken in one global order
 * so two registrations cannot deadlock; unrelated registrations run side by side (they used to queue
 * on their enrolment token's row lock for the whole registration).
 */
final class RegistrationClaims {

    private static final String NAMESPACE = "ctops.registration/";

    private RegistrationClaims() {
    }

    /** Locks, until the transaction ends, everything this registration could claim. */
    static void lock(DSLContext tx, UUID orgId, ValidRegistration registration) {
        TreeSet<Long> keys = new TreeSet<>();
        keys.add(key("key/" + registration.fingerprint()));
        keys.add(key("host/" + orgId + "/" + registration.hostname().toLowerCase(Locale.ROOT)));
        for (String ip : registration.identifyingIps()) {
            keys.add(key("ip/" + orgId + "/" + ip));
        }
        for (long key : keys) {
            tx.execute("SELECT pg_advisory_xact_lock(?)", key);
        }
    }

    /** 64 bits of SHA-256: collisions would only make two registrations wait for each other. */
    static long key(String claim) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((NAMESPACE + claim).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
