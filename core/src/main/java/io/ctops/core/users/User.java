package io.ctops.core.users;

import io.ctops.core.access.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A user as pages and the API show it: never the password hash or the TOTP secret. */
public record User(UUID id, UUID orgId, String email, String displayName, Role role, boolean totpEnabled,
                   Instant createdAt, Optional<Instant> lastSignInAt, Optional<Instant> disabledAt) {

    public boolean disabled() {
        return disabledAt.isPresent();
    }
}
