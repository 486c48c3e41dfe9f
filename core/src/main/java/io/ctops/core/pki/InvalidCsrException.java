package io.ctops.core.pki;

/** A certificate signing request was refused; the message says why and never echoes the request. */
public class InvalidCsrException extends RuntimeException {

    public InvalidCsrException(String message) {
        super(message);
    }
}
