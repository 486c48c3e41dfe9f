package io.ctops.agent.identity;

/** The server refused to enrol this agent for a reason retrying cannot fix (unknown token, revoked agent). */
public final class RegistrationRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public RegistrationRefusedException(String message) {
        super(message);
    }
}
