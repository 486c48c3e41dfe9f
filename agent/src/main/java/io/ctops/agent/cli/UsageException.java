package io.ctops.agent.cli;

/** A command line the agent cannot act on; its message is printed as one line. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
