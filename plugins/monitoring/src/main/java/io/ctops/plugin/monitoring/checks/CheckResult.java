package io.ctops.plugin.monitoring.checks;

import java.time.Instant;
import java.util.UUID;

/** One result of a check as the agent reported it. */
public record CheckResult(UUID checkId, Instant checkedAt, String state, String output, int durationMs) {
}
