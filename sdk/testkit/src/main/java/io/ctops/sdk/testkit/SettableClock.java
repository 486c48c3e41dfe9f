package io.ctops.sdk.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that stands still until a test sets or advances it (from any thread): give it to a plugin
 * through its test context to test what depends on time without waiting. (Core tests have their own copy,
 * io.ctops.core.testing.SettableClock: this testkit depends on core.)
 */
public final class SettableClock extends Clock {

    private volatile Instant now;

    public SettableClock(Instant start) {
        this.now = start;
    }

    /** Starting at the present: for tests that only move time forward from it. */
    public static SettableClock startingNow() {
        return new SettableClock(Instant.now());
    }

    public void set(Instant at) {
        now = at;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
