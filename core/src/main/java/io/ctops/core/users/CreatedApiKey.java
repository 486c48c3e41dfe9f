package io.ctops.core.users;

/** A new API key with its secret, which is shown this once and stored only as a hash. */
public record CreatedApiKey(ApiKey key, String secret) {
}
