package io.ctops.db;

/**
 * A schema migration failed. The message is one line naming the target (core or a plugin), the
 * failing script and the database's error.
 */
public class MigrationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}, caused by {@code cause}. */
    public MigrationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
