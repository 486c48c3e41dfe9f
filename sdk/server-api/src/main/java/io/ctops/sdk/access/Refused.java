package io.ctops.sdk.access;

import static java.util.Objects.requireNonNull;

/**
 * A plugin's refusal of a request, answered by the server like its own: in the REST API as
 * {@code {"error": {"code", "message"}}} with the matching status (400, 401, 403, 404, 409). The
 * message is shown to the caller: never put a secret or an internal detail in it.
 */
public final class Refused extends RuntimeException {

    /** Why; the REST API maps each to its status. */
    public enum Reason { INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public Refused(Reason reason, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }
}
