package io.ctops.core.access;

import java.util.Locale;

/**
 * What a user may do, from most to least. Each role includes everything the roles below it may do:
 * super_admin manages organisations, org_admin its organisation's users and settings, engineer the
 * fleet (hosts, groups, tags, tokens, approvals), read_only only looks.
 */
public enum Role {
    SUPER_ADMIN, ORG_ADMIN, ENGINEER, READ_ONLY;

    /** True when this role may do what {@code required} may do. */
    public boolean includes(Role required) {
        return ordinal() <= required.ordinal();
    }

    /** The name stored in the database and used in the API: {@code org_admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code org_admin} (any case); a clear refusal for anything else. */
    public static Role parse(String value) {
        if (value != null) {
            for (Role role : values()) {
                if (role.id().equalsIgnoreCase(value.strip())) {
                    return role;
                }
            }
        }
        throw new Refusal(Refusal.Reason.INVALID, "role must be one of super_admin, org_admin, engineer, read_only");
    }
}
