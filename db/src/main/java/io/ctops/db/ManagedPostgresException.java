package io.ctops.db;

/** The managed local PostgreSQL could not be set up or started; the message says what to do. */
public class ManagedPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public ManagedPostgresException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public ManagedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
