package io.ctops.core.fleet;

import java.util.List;
import java.util.Map;

/**
 * The dashboard's figures.
 *
 * @param byStatus host count per status (every status present, zero when none)
 * @param byOs host count per operating system ("unknown" when not reported yet), largest first
 * @param hotspots hosts at or above {@link FleetRules#HOT_PERCENT} CPU, memory or disk, hottest first
 */
public record FleetOverview(long total, Map<HostStatus, Long> byStatus, Map<String, Long> byOs, List<HostRow> hotspots) {

    public long count(HostStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }
}
