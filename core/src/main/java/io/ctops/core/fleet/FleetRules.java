package io.ctops.core.fleet;

import java.time.Duration;

/** The thresholds the fleet pages share, in one place so the dashboard and the list agree. */
public final class FleetRules {

    /** CPU, memory or disk at or above this percentage is a hotspot and highlighted. */
    public static final double HOT_PERCENT = 80.0;
    /** A host not heard from for this long is stale (it may have been decommissioned). */
    public static final Duration STALE_AFTER = Duration.ofHours(24);

    private FleetRules() {
    }
}
