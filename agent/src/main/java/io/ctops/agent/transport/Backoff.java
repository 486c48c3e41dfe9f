package io.ctops.agent.transport;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Exponential backoff between reconnection attempts: 1 s, 2 s, 4 s ... up to 60 s, each delay
 * shortened by a random part of up to 20 % so that a fleet cut off at once does not come back in
 * lock-step. Not thread-safe: one per connection loop.
 */
public final class Backoff {

    public static final Duration INITIAL = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofSeconds(60);
    public static final double JITTER = 0.2;

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;
    private int attempt;

    /**
     * @param initial the first delay
     * @param max the cap
     * @param jitter the largest fraction taken off a delay, from 0 to 1
     * @param random uniform numbers in [0, 1)
     */
    public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        this.initial = requireNonNull(initial, "initial is null");
        this.max = requireNonNull(max, "max is null");
        this.random = requireNonNull(random, "random is null");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be from 0 to 1");
        }
        this.jitter = jitter;
    }

    /** {@return 1 s doubling to 60 s with 20 % jitter} */
    public static Backoff standard(DoubleSupplier random) {
        return new Backoff(INITIAL, MAX, JITTER, random);
    }

    /** {@return the delay before the next attempt; each call doubles the next one, up to the cap} */
    public Duration next() {
        Duration nominal = nominal(attempt);
        if (nominal.compareTo(max) < 0) {
            attempt++;
        }
        long nanos = nominal.toNanos();
        return Duration.ofNanos(nanos - (long) (nanos * jitter * random.getAsDouble()));
    }

    /** {@return the delay before jitter for the given attempt (0 is the first)} */
    public Duration nominal(int attempt) {
        if (attempt >= 62) {
            return max;
        }
        Duration delay = initial.multipliedBy(1L << Math.min(attempt, 30));
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    /** Starts again from the first delay, after a connection that worked. */
    public void reset() {
        attempt = 0;
    }
}
