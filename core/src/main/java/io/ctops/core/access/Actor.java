package io.ctops.core.access;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * Who is asking: a signed-in user (UI) or the user behind an API key, or the operator at the admin
 * command line. Every service call takes one, checks its role and scopes its queries to its
 * organisation.
 *
 * @param name how the audit log names it: the e-mail, or {@code cli:<user>}
 */
public record Actor(UUID userId, UUID orgId, Role role, String name) {

    public Actor {
        requireNonNull(orgId, "orgId is null");
        requireNonNull(role, "role is null");
        requireNonNull(name, "name is null");
    }

    /** Refuses unless this actor's role includes {@code required}. */
    public void require(Role required) {
        if (!role.includes(required)) {
            throw new Refusal(Refusal.Reason.FORBIDDEN, "this needs the " + required.id() + " role; you are " + role.id());
        }
    }

    public boolean may(Role required) {
        return role.includes(required);
    }
}
