package io.ctops.sdk.ingest;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * The agent a heartbeat came from, with the host and organisation it belongs to.
 *
 * @param orgId the organisation
 * @param hostId the host the agent runs on
 * @param agentId the agent (the subject of its certificate and JWT)
 */
public record AgentRef(UUID orgId, UUID hostId, UUID agentId) {

    public AgentRef {
        requireNonNull(orgId, "orgId is null");
        requireNonNull(hostId, "hostId is null");
        requireNonNull(agentId, "agentId is null");
    }
}
