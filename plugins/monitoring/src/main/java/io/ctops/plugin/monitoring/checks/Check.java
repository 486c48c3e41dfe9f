package io.ctops.plugin.monitoring.checks;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored check with its latest result ({@code lastState} etc. are null until the first result). */
public record Check(UUID id, UUID hostId, String name, String type, Map<String, String> settings, int intervalSecs,
                    boolean enabled, String lastState, String lastOutput, Instant lastCheckedAt, Instant updatedAt) {
}
