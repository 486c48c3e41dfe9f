package io.ctops.agent.heartbeat;

import io.ctops.proto.agent.v1.PlatformInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** The platform description, probed again after a while so that changed IP addresses reach the server. */
public final class CachedPlatform implements Supplier<PlatformInfo> {

    private final Supplier<PlatformInfo> probe;
    private final Clock clock;
    private final Duration maxAge;
    private PlatformInfo cached;
    private Instant probedAt = Instant.MIN;

    public CachedPlatform(Supplier<PlatformInfo> probe, Clock clock, Duration maxAge) {
        this.probe = requireNonNull(probe, "probe is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.maxAge = requireNonNull(maxAge, "maxAge is null");
    }

    @Override
    public synchronized PlatformInfo get() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(probedAt.plus(maxAge))) {
            cached = probe.get();
            probedAt = now;
        }
        return cached;
    }
}
