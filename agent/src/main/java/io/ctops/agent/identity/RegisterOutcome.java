package io.ctops.agent.identity;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The answer to one Register call: credentials once approved, else how long to wait.
 *
 * @param agentId the agent's id
 * @param credentials set when the agent is active
 * @param retryAfter while pending, when to ask again
 */
public record RegisterOutcome(String agentId, Optional<AgentCredentials> credentials, Duration retryAfter) {

    public RegisterOutcome {
        requireNonNull(agentId, "agentId is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(retryAfter, "retryAfter is null");
    }

    /** {@return whether the agent still waits for approval} */
    public boolean pending() {
        return credentials.isEmpty();
    }
}
