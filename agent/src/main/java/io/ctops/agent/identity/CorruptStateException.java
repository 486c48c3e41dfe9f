package io.ctops.agent.identity;

import java.nio.file.Path;

/** The credentials file exists but cannot be read back; the agent registers again with its key. */
public final class CorruptStateException extends Exception {

    private static final long serialVersionUID = 1L;

    public CorruptStateException(Path file, String reason) {
        super("state file " + file + " is unusable: " + reason);
    }
}
