package io.ctops.core.security;

/**
 * A sealed value could not be opened. The message names only the purpose of the value, never the
 * key or the data.
 */
public class SecretBoxException extends RuntimeException {

    public SecretBoxException(String message) {
        super(message);
    }
}
