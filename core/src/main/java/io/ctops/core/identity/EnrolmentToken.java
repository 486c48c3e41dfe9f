package io.ctops.core.identity;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * An enrolment token as listed to operators: never its secret, only the prefix that identifies it.
 */
public record EnrolmentToken(UUID id, UUID orgId, String name, String secretPrefix, boolean autoApprove,
                             Optional<Instant> expiresAt, OptionalInt maxUses, int uses, Map<String, String> tags,
                             Instant createdAt, Optional<Instant> revokedAt) {

    /** Whether an agent could enrol with it now. */
    public boolean usableAt(Instant now) {
        return revokedAt.isEmpty()
                && expiresAt.map(now::isBefore).orElse(true)
                && (maxUses.isEmpty() || uses < maxUses.getAsInt());
    }
}
