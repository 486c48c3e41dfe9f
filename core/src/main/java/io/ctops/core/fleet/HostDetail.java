package io.ctops.core.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Everything the host page's overview shows beyond the list row.
 *
 * @param certificateExpiry when the agent's newest unrevoked client certificate expires
 */
public record HostDetail(HostRow host, Optional<String> arch, Optional<String> kernel, int heartbeatIntervalSecs,
                         OptionalDouble swapPercent, OptionalDouble load1, OptionalDouble load5, OptionalDouble load15,
                         OptionalLong uptimeSecs, Optional<Instant> vitalsAt, Instant createdAt,
                         Optional<String> agentStatus, Optional<Instant> agentApprovedAt, Optional<Instant> certificateExpiry,
                         Optional<String> certificateSerial, List<StatusChange> history, List<HostGroup> groups) {

    /** One entry of the host's status history. */
    public record StatusChange(Instant at, String from, String to, String reason) {
    }

    /** An id for tests and links. */
    public UUID id() {
        return host.id();
    }
}
