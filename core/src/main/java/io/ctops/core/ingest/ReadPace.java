package io.ctops.core.ingest;

/**
 * A token bucket for reading one stream: {@code burst} messages at once, then a rate. It never refuses:
 * it says how long to wait before reading the next message, so a fast sender is slowed down by HTTP/2
 * flow control instead of being cut off.
 */
final class ReadPace {

    private final int burst;
    private double tokens;
    private long lastNanos;
    private boolean started;

    ReadPace(int burst) {
        this.burst = burst;
        this.tokens = burst;
    }

    /**
     * Takes one message.
     *
     * @param perSecond the rate the bucket refills at now
     * @return nanoseconds to wait before the next message is read; 0 while the sender keeps to the rate
     */
    long take(double perSecond, long nowNanos) {
        if (started) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
        }
        started = true;
        lastNanos = nowNanos;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perSecond * 1e9);
    }
}
