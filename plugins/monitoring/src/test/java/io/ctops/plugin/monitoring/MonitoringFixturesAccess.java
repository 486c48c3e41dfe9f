package io.ctops.plugin.monitoring;

import io.ctops.proto.queue.v1.MetricsRaw;
import java.time.Instant;
import java.util.UUID;

/** The test samples for the benchmark package. */
public final class MonitoringFixturesAccess {

    private MonitoringFixturesAccess() {
    }

    public static MetricsRaw sample(UUID org, UUID host, Instant at, double cpu, double memory) {
        return MonitoringFixtures.sample(org, host, at, cpu, memory);
    }
}
