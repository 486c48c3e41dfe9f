package io.ctops.core.jwt;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A signed agent JWT and when it stops being accepted.
 *
 * @param token the compact JWS; a bearer credential, never log it
 * @param expiresAt the {@code exp} claim (whole seconds)
 */
public record IssuedJwt(String token, Instant expiresAt) {

    public IssuedJwt {
        requireNonNull(token, "token is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    @Override
    public String toString() {
        return "IssuedJwt[token=****, expiresAt=" + expiresAt + "]";
    }
}
