package io.ctops.agent.loadtest;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Heartbeat round trips (sent until its acknowledgement arrived), recorded lock-free from the network
 * threads in microseconds. {@link #interval()} gives what came in since the last call (the live line);
 * {@link #total()} accumulates every interval since {@link #restart()}.
 */
final class RoundTrips {

    /** Anything slower than this is recorded as this (the histogram's range). */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);
    private Histogram recycled;

    /** Records one round trip. Safe from any thread. */
    void record(long nanos) {
        recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    /** {@return the round trips since the previous call, also added to the total} */
    synchronized Summary interval() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.add(recycled);
        return Summary.of(recycled);
    }

    /** {@return every round trip since the start or the last {@link #restart()}} */
    synchronized Summary total() {
        interval();
        return Summary.of(total);
    }

    /** Forgets everything so far, e.g. the ramp, so the total covers only what follows. */
    synchronized void restart() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.reset();
    }

    /**
     * Percentiles of a set of round trips, in milliseconds.
     *
     * @param count how many round trips
     */
    record Summary(long count, double p50, double p90, double p95, double p99, double p999, double max) {

        static Summary of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return new Summary(0, 0, 0, 0, 0, 0, 0);
            }
            return new Summary(histogram.getTotalCount(), millis(histogram, 50), millis(histogram, 90),
                    millis(histogram, 95), millis(histogram, 99), millis(histogram, 99.9),
                    histogram.getMaxValue() / 1000.0);
        }

        private static double millis(Histogram histogram, double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
    }
}
