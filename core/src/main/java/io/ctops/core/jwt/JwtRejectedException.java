package io.ctops.core.jwt;

/**
 * An agent JWT was refused. The message is one fixed reason ("token expired", "token signed by an
 * unknown key", "token signature invalid", "token malformed", "token issuer wrong"), never the token.
 */
public class JwtRejectedException extends RuntimeException {

    public JwtRejectedException(String message) {
        super(message);
    }
}
