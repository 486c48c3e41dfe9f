package io.ctops.sdk.fleet;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A host as plugins see it: enough to scope, label and link. */
public record HostRef(UUID id, UUID orgId, String hostname) {

    public HostRef {
        requireNonNull(id, "id is null");
        requireNonNull(orgId, "orgId is null");
        requireNonNull(hostname, "hostname is null");
    }
}
