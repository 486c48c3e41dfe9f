package io.ctops.agent.identity;

import java.nio.file.Path;

/** The agent's private key file exists but cannot be used; the agent must not invent a new identity. */
public final class CorruptKeyException extends Exception {

    private static final long serialVersionUID = 1L;

    public CorruptKeyException(Path file, String reason) {
        super("key file " + file + " is unusable (" + reason + "): restore it from a backup, or delete the data"
                + " directory " + file.getParent() + " to enrol this machine as a new host");
    }
}
