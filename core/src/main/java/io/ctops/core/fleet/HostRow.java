package io.ctops.core.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/** A host as the list shows it. */
public record HostRow(UUID id, String hostname, Optional<String> displayName, Optional<String> os,
                      Optional<String> osVersion, List<String> ipAddresses, Map<String, String> tags, HostStatus status,
                      OptionalDouble cpuPercent, OptionalDouble memoryPercent, OptionalDouble diskPercent,
                      Optional<Instant> lastSeenAt, Optional<String> agentVersion, Optional<UUID> agentId) {

    /** The name to show: the display name when set, else the hostname. */
    public String name() {
        return displayName.orElse(hostname);
    }
}
