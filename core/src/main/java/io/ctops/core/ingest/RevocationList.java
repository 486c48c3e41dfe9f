package io.ctops.core.ingest;

import static io.ctops.db.jooq.Tables.ISSUED_CERTIFICATE;
import static java.util.Objects.requireNonNull;

import io.ctops.core.pki.SerialNumbers;
import java.math.BigInteger;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revoked certificate serials, read from the database and refreshed every few seconds, so a
 * revocation made through any server instance is enforced by every ingest instance. Only serials
 * of certificates that have not expired are kept (an expired one fails validation anyway).
 */
public final class RevocationList {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);

    private final DSLContext dsl;
    private final Clock clock;
    private volatile Set<String> revoked = Set.of();

    public RevocationList(DSLContext dsl, Clock clock) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Reloads from the database; on failure keeps the last list (and says so). */
    public void refresh() {
        try {
            Set<String> serials = new HashSet<>(dsl.select(ISSUED_CERTIFICATE.SERIAL).from(ISSUED_CERTIFICATE)
                    .where(ISSUED_CERTIFICATE.REVOKED_AT.isNotNull(),
                            ISSUED_CERTIFICATE.NOT_AFTER.gt(clock.instant().atOffset(ZoneOffset.UTC)))
                    .fetch(ISSUED_CERTIFICATE.SERIAL));
            revoked = Set.copyOf(serials);
        } catch (RuntimeException e) {
            LOG.warn("Revocation list not refreshed, keeping {} known serial(s): {}", revoked.size(), e.toString());
        }
    }

    public boolean isRevoked(BigInteger serial) {
        return revoked.contains(SerialNumbers.hex(serial));
    }

    public int size() {
        return revoked.size();
    }
}
