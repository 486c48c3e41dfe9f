package io.ctops.core.access;

import static java.util.Objects.requireNonNull;

/**
 * A request that is refused, with a short message that is safe to show to the caller (never a
 * secret or an internal detail). The REST API and the UI map the reason to their own status.
 */
public final class Refusal extends RuntimeException {

    /** Why, in terms a transport maps to its status codes. */
    public enum Reason {
        INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, THROTTLED;

        /** The stable code used in API errors: {@code not_found}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public Refusal(Reason reason, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }

    public static Refusal invalid(String message) {
        return new Refusal(Reason.INVALID, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(Reason.NOT_FOUND, message);
    }
}
