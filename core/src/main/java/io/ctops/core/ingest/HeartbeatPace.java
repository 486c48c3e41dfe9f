package io.ctops.core.ingest;

/**
 * How fast one stream may send live heartbeats: a bucket of {@link #BURST} that refills at
 * {@link #PER_INTERVAL} per the interval the agent declares. A real agent sends one per interval, plus
 * one at once when its stream opens; replayed (spooled) heartbeats are not counted here.
 */
final class HeartbeatPace {

    static final int BURST = 10;
    static final double PER_INTERVAL = 2;

    private double tokens = BURST;
    private long lastNanos;
    private boolean started;

    /** {@return whether one more live heartbeat may pass now} */
    boolean admit(int intervalSecs, long nowNanos) {
        int interval = intervalSecs > 0 ? intervalSecs : HeartbeatStream.DEFAULT_INTERVAL_SECS;
        if (started) {
            double refill = (nowNanos - lastNanos) / 1e9 * PER_INTERVAL / interval;
            tokens = Math.min(BURST, tokens + refill);
        }
        started = true;
        lastNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    String refusal(int intervalSecs) {
        int interval = intervalSecs > 0 ? intervalSecs : HeartbeatStream.DEFAULT_INTERVAL_SECS;
        return "heartbeats faster than the interval of " + interval + " s (at most " + BURST + " at once, then "
                + (int) PER_INTERVAL + " per interval)";
    }
}
