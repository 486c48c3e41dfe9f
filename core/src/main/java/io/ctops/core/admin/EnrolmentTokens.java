package io.ctops.core.admin;

import static java.util.Objects.requireNonNull;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.identity.CreatedEnrolmentToken;
import io.ctops.core.identity.EnrolmentToken;
import io.ctops.core.identity.EnrolmentTokenService;
import io.ctops.core.identity.NewEnrolmentToken;
import java.util.List;
import java.util.UUID;

/**
 * Enrolment tokens as the REST API and the admin command line manage them: the identity service
 * works per organisation id, this adds the caller's role and organisation. Anyone may list (only
 * prefixes are shown); creating and revoking take an engineer.
 */
public final class EnrolmentTokens {

    private final EnrolmentTokenService tokens;

    public EnrolmentTokens(EnrolmentTokenService tokens) {
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    public List<EnrolmentToken> list(Actor actor) {
        return tokens.list(actor.orgId());
    }

    public CreatedEnrolmentToken create(Actor actor, NewEnrolmentToken spec) {
        actor.require(Role.ENGINEER);
        return tokens.create(actor.orgId(), spec, actor.name());
    }

    public void revoke(Actor actor, UUID tokenId) {
        actor.require(Role.ENGINEER);
        tokens.revoke(actor.orgId(), tokenId, actor.name());
    }
}
