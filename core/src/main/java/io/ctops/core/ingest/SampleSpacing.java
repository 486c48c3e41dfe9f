package io.ctops.core.ingest;

import java.time.Instant;

/**
 * Which live heartbeats of one stream are stored: at most one per half interval, counted in the times the
 * agent took them ({@code sent_at}), not in the times they arrived. An agent (or a network path) that
 * stalls and then delivers two heartbeats taken ten seconds apart has sent two samples, and both are
 * kept; a heartbeat taken within half an interval of the last stored one adds nothing and is only
 * acknowledged. A sample time before the last stored one means the agent's clock was set back: it
 * starts the count again rather than dropping every heartbeat until the clock caught up. How many
 * heartbeats are read at all is bounded by {@link ReadPace}, so agent-chosen times cannot raise the
 * stored rate above its pace. Not thread-safe: the stream calls it under its own lock.
 */
final class SampleSpacing {

    private Instant lastStored;

    /** {@return whether the live heartbeat taken at {@code sampledAt} is stored}; notes it if so */
    boolean admit(Instant sampledAt, int intervalSecs) {
        if (lastStored == null || sampledAt.isBefore(lastStored)
                || !sampledAt.isBefore(lastStored.plusMillis(intervalSecs * 500L))) {
            lastStored = sampledAt;
            return true;
        }
        return false;
    }
}
