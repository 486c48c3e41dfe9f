package io.ctops.core.fleet;

import io.ctops.core.access.Refusal;
import java.util.Locale;

/**
 * A host's status as operators see it: the host row's live status, refined by its agent (waiting
 * for approval, or revoked) and by age (stale: not heard from for {@link FleetRules#STALE_AFTER}).
 */
public enum HostStatus {
    ONLINE, OFFLINE, NEVER_SEEN, PENDING, REVOKED, STALE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HostStatus parse(String value) {
        for (HostStatus status : values()) {
            if (status.id().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return status;
            }
        }
        throw Refusal.invalid("status must be one of online, offline, never_seen, pending, revoked, stale");
    }
}
