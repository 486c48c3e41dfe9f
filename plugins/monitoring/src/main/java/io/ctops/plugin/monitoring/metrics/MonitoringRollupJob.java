package io.ctops.plugin.monitoring.metrics;

import io.ctops.sdk.PluginContext;
import io.ctops.sdk.job.ScheduledJob;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every 30 s: rolls the raw rows of closed minutes up into the 1 m, 1 h and 1 d rollups, and recomputes
 * the minutes that late samples reached after they were closed (see {@link RollupWriter}). The consumer
 * writes raw rows only; doing the rollups here, once per host and minute, instead of per batch costs
 * PostgreSQL a fraction of the per-sample upserts (README, "Rollups"). A minute is closed once it ended
 * {@link #GRACE} ago, so that samples still in flight are not late, and minutes close
 * {@link #CLOSE_AT_LEAST} at a time. The marks live in the database: a
 * restarted server, or one that was down for days, goes on from where the last run stopped, an hour of
 * minutes per transaction.
 */
@Extension
public class MonitoringRollupJob implements ScheduledJob {

    /** How long after its end a minute is closed; also bounds how much raw data a chart reads on top of the rollups. */
    public static final Duration GRACE = Duration.ofMinutes(2);
    /**
     * Minutes are closed five at a time (late notes are taken every run): each closing adds to the 1 h and
     * 1 d rows of every host once, so closing five minutes at once writes those rows a fifth as often.
     * Charts do not wait for it (they read the raw rows from 'done' on), only the rollup tables lag.
     */
    public static final Duration CLOSE_AT_LEAST = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringRollupJob.class);

    private final PluginContext context;
    private final RollupWriter writer;

    public MonitoringRollupJob(PluginContext context) {
        this.context = context;
        this.writer = new RollupWriter(context.dataSource());
    }

    @Override
    public String id() {
        return "rollups";
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Duration initialDelay() {
        return Duration.ofSeconds(10);
    }

    @Override
    public void run() throws SQLException {
        RollupWriter.Progress progress = catchUp();
        if (progress.chunks() > 1 || progress.lateMinutes() > 0) {
            LOG.info("Monitoring rollups: {} chunk(s), {} late host-minute(s), done up to {}",
                    progress.chunks(), progress.lateMinutes(), progress.done());
        }
    }

    /** Closes the minutes that ended {@link #GRACE} before the plugin's clock and rolls everything closed up. */
    public RollupWriter.Progress catchUp() throws SQLException {
        Instant now = context.clock().instant();
        long minute = Math.floorDiv(now.minus(GRACE).getEpochSecond(), 60) * 60;
        return writer.catchUp(Instant.ofEpochSecond(minute), CLOSE_AT_LEAST);
    }
}
