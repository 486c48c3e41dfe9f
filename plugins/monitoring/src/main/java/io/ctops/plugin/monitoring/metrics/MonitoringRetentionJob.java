package io.ctops.plugin.monitoring.metrics;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.ctops.plugin.monitoring.MonitoringSettings;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.job.ScheduledJob;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hourly: creates the partitions of the next {@link #AHEAD} (so a new day never waits for a
 * partition), drops partitions past their retention, and deletes check results past theirs.
 */
@Extension
public class MonitoringRetentionJob implements ScheduledJob {

    static final Duration AHEAD = Duration.ofDays(3);
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringRetentionJob.class);

    private final PluginContext context;
    private final MonitoringSettings settings;
    private final MonitoringPartitions partitions;

    public MonitoringRetentionJob(PluginContext context) {
        this.context = context;
        this.settings = MonitoringSettings.fromEnvironment();
        this.partitions = new MonitoringPartitions(context.dsl(), settings);
    }

    @Override
    public String id() {
        return "partitions-and-retention";
    }

    @Override
    public Duration interval() {
        return Duration.ofHours(1);
    }

    @Override
    public Duration initialDelay() {
        return Duration.ofSeconds(5);
    }

    @Override
    public void run() {
        Instant now = context.clock().instant();
        partitions.ensureWindow(now, AHEAD);
        List<String> dropped = partitions.dropExpired(now);
        if (!dropped.isEmpty()) {
            LOG.info("Monitoring retention dropped {} partition(s): {}", dropped.size(), dropped);
        }
        int results = context.dsl().deleteFrom(table(name("monitoring_check_result")))
                .where(field(name("checked_at"), OffsetDateTime.class)
                        .lt(now.minus(settings.checkResults()).atOffset(ZoneOffset.UTC)))
                .execute();
        if (results > 0) {
            LOG.info("Monitoring retention deleted {} check result(s)", results);
        }
    }
}
