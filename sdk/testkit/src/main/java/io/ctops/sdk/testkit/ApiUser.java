package io.ctops.sdk.testkit;

import java.util.UUID;

/**
 * A user made for a test, with the password it signs in with and an API key for the REST API.
 *
 * @param apiKey the key's secret, to send as {@code Authorization: Bearer <apiKey>}
 */
public record ApiUser(UUID id, UUID orgId, String email, String role, String password, String apiKey) {

    @Override
    public String toString() {
        return "ApiUser[" + email + ", " + role + "]";
    }
}
