package io.ctops.core.users;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** An API key as listed: its prefix identifies it, the secret itself is never shown again. */
public record ApiKey(UUID id, UUID userId, String name, String prefix, Optional<Instant> expiresAt, Instant createdAt,
                     Optional<Instant> lastUsedAt, Optional<Instant> revokedAt) {
}
