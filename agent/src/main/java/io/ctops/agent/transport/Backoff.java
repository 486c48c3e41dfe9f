package io.ctops.agent.transport;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Backoff between reconnection attempts: 1 s growing by half each time (1, 1.5, 2.25, 3.4 ... s) up to
 * 30 s, each delay drawn at random from its upper half (so 0.5-1 s, 0.75-1.5 s ... 15-30 s).
 *
 * <p>Why these numbers: after a server restart an agent waits on average about half as long as it has
 * already been cut off, and never more than 30 s (doubling with a 60 s cap waited about as long as the
 * outage, up to a minute, while the restarted server sat idle); drawing from the upper half of the delay
 * spreads a fleet cut off at once over a window as wide as half the delay, so thousands of agents do not
 * come back in lock-step. While the server is down the extra attempts cost it little (a refused TCP
 * connection). Not thread-safe: one per connection loop.
 */
public final class Backoff {

    public static final Duration INITIAL = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofSeconds(30);
    public static final double MULTIPLIER = 1.5;
    public static final double JITTER = 0.5;

    private final Duration initial;
    private final Duration max;
    private final double multiplier;
    private final double jitter;
    private final DoubleSupplier random;
    private int attempt;

    /**
     * A backoff that doubles.
     *
     * @param initial the first delay
     * @param max the cap
     * @param jitter the largest fraction taken off a delay, from 0 to 1
     * @param random uniform numbers in [0, 1)
     */
    public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        this(initial, max, 2.0, jitter, random);
    }

    /**
     * @param initial the first delay
     * @param max the cap
     * @param multiplier how much each delay grows, from 1 to 10
     * @param jitter the largest fraction taken off a delay, from 0 to 1
     * @param random uniform numbers in [0, 1)
     */
    public Backoff(Duration initial, Duration max, double multiplier, double jitter, DoubleSupplier random) {
        this.initial = requireNonNull(initial, "initial is null");
        this.max = requireNonNull(max, "max is null");
        this.random = requireNonNull(random, "random is null");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        if (!(multiplier >= 1 && multiplier <= 10)) {
            throw new IllegalArgumentException("multiplier must be from 1 to 10");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be from 0 to 1");
        }
        this.multiplier = multiplier;
        this.jitter = jitter;
    }

    /** {@return 1 s growing by half up to 30 s, each delay drawn from its upper half} */
    public static Backoff standard(DoubleSupplier random) {
        return new Backoff(INITIAL, MAX, MULTIPLIER, JITTER, random);
    }

    /** {@return the delay before the next attempt; each call makes the next one longer, up to the cap} */
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
        double nanos = initial.toNanos() * Math.pow(multiplier, attempt);
        // also catches overflow: pow grows to infinity, never past it
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /** Starts again from the first delay, after a connection that worked. */
    public void reset() {
        attempt = 0;
    }
}
