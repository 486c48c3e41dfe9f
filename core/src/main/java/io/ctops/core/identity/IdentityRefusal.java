package io.ctops.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * A request about agent identity that is refused. The message is short and safe to show to the
 * caller: it never contains a secret, a key or internal details.
 */
public final class IdentityRefusal extends RuntimeException {

    /** Why, in terms the transport maps to its own status codes. */
    public enum Reason { INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, ALREADY_EXISTS, NOT_FOUND, FAILED_PRECONDITION }

    private final Reason reason;

    public IdentityRefusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }
}
