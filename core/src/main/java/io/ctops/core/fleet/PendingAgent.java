package io.ctops.core.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An agent waiting for approval, with what it said about its host. */
public record PendingAgent(UUID agentId, UUID hostId, String hostname, Optional<String> os, List<String> ipAddresses,
                           Instant requestedAt, Optional<String> tokenName) {
}
