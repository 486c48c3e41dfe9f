package io.ctops.sdk.fleet;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The server's host registry, read-only, always scoped to one organisation: a plugin asks "is this
 * host in the caller's organisation" before it shows or changes anything about it. Deleted hosts are
 * never returned.
 */
public interface Hosts {

    /** The host when it exists in this organisation; empty for a host of another organisation. */
    Optional<HostRef> find(UUID orgId, UUID hostId);

    /** Hosts of the organisation whose hostname contains {@code search} (any case), by hostname, at most {@code limit}. */
    List<HostRef> search(UUID orgId, String search, int limit);
}
