package io.ctops.sdk.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/**
 * Who is calling a plugin: the user behind an API key in a REST request, or the signed-in user in a
 * view. Plugins scope every query to {@link #orgId()} and check {@link #require(String)} before a
 * change, so they follow the same rules as core.
 *
 * @param role one of {@code super_admin}, {@code org_admin}, {@code engineer}, {@code read_only}
 */
public record Caller(UUID userId, UUID orgId, String role, String name) {

    /** The roles from most to least; each includes what the ones after it may do. */
    public static final List<String> ROLES = List.of("super_admin", "org_admin", "engineer", "read_only");

    public Caller {
        requireNonNull(orgId, "orgId is null");
        requireNonNull(name, "name is null");
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role " + role);
        }
    }

    /** True when this caller's role includes {@code required}; an unknown required role is never granted. */
    public boolean may(String required) {
        int needed = ROLES.indexOf(required);
        return needed >= 0 && ROLES.indexOf(role) <= needed;
    }

    /** Refuses (403 in the API) unless the caller's role includes {@code required}. */
    public void require(String required) {
        if (!may(required)) {
            throw new Refused(Refused.Reason.FORBIDDEN, "this needs the " + required + " role; you are " + role);
        }
    }
}
