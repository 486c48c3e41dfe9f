package io.ctops.plugin.monitoring.metrics;

import io.ctops.plugin.monitoring.MonitoringSettings;
import io.ctops.sdk.access.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A checked time range and the resolution that fills a chart of it. Rule: of the resolutions that
 * still hold data as old as the range's start, take the coarsest that gives at least
 * {@link #MIN_POINTS} buckets; if none does, the finest of them. So 1 h and 24 h come from the 1 m
 * rollup, 7 d and 30 d from 1 h, a year from 1 d, and ranges under an hour from the raw rows.
 * Buckets are aligned to multiples of the step since the epoch (UTC days for 1 d).
 */
public record ChartRange(Instant from, Instant to, Resolution resolution, Instant firstBucket, Instant lastBucket) {

    public static final int MIN_POINTS = 60;

    /** The preset ranges of the UI and the API's {@code range=} parameter. */
    public static final List<String> PRESETS = List.of("1h", "6h", "24h", "7d", "30d");

    public static Duration preset(String name) {
        return switch (name) {
            case "1h" -> Duration.ofHours(1);
            case "6h" -> Duration.ofHours(6);
            case "24h" -> Duration.ofHours(24);
            case "7d" -> Duration.ofDays(7);
            case "30d" -> Duration.ofDays(30);
            default -> throw new Refused(Refused.Reason.INVALID, "unknown range '" + name + "': use one of " + PRESETS
                    + " or from= and to=");
        };
    }

    /** Checks the range (400 when end is not after start or it reaches past the longest retention) and picks the resolution. */
    public static ChartRange of(Instant from, Instant to, Instant now, MonitoringSettings settings) {
        if (from == null || to == null) {
            throw new Refused(Refused.Reason.INVALID, "a range needs a start and an end");
        }
        if (!to.isAfter(from)) {
            throw new Refused(Refused.Reason.INVALID, "the end of the range (" + to + ") must be after its start (" + from + ")");
        }
        Duration longest = settings.day();
        if (Duration.between(from, to).compareTo(longest) > 0 || from.isBefore(now.minus(longest))) {
            throw new Refused(Refused.Reason.INVALID, "the range reaches further back than the longest retention ("
                    + longest.toDays() + " days)");
        }
        Resolution chosen = null;
        for (Resolution r : Resolution.values()) {
            boolean holdsData = !from.isBefore(now.minus(r.retention(settings)));
            if (!holdsData) {
                continue;
            }
            if (chosen == null || buckets(from, to, r) >= MIN_POINTS) {
                chosen = r;
            }
        }
        if (chosen == null) {
            chosen = Resolution.DAY;
        }
        long step = chosen.step().getSeconds();
        Instant first = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), step) * step);
        Instant last = Instant.ofEpochSecond(Math.floorDiv(to.getEpochSecond() - 1, step) * step);
        return new ChartRange(from, to, chosen, first, last);
    }

    private static long buckets(Instant from, Instant to, Resolution r) {
        return Duration.between(from, to).getSeconds() / r.step().getSeconds();
    }

    /** The number of buckets from the first to the last. */
    public int bucketCount() {
        return (int) ((lastBucket.getEpochSecond() - firstBucket.getEpochSecond()) / resolution.step().getSeconds()) + 1;
    }
}
