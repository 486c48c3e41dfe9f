package io.ctops.core.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an operator asks for when creating an enrolment token.
 *
 * @param name a label, 1-200 characters
 * @param autoApprove agents enrolling with it are active at once instead of pending
 * @param expiresAt after this the token is refused; empty for no expiry
 * @param maxUses how many agents may enrol with it; empty for no limit
 * @param tags tags every host enrolled with it gets (the agent's own tags win)
 */
public record NewEnrolmentToken(String name, boolean autoApprove, Optional<Instant> expiresAt, OptionalInt maxUses,
                                Map<String, String> tags) {

    public NewEnrolmentToken {
        requireNonNull(name, "name is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(maxUses, "maxUses is null");
        tags = Map.copyOf(requireNonNull(tags, "tags is null"));
    }

    /** A token with no expiry, no use limit and no tags. */
    public static NewEnrolmentToken named(String name, boolean autoApprove) {
        return new NewEnrolmentToken(name, autoApprove, Optional.empty(), OptionalInt.empty(), Map.of());
    }
}
