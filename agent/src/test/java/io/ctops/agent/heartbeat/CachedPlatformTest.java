package io.ctops.agent.heartbeat;

import io.ctops.proto.agent.v1.PlatformInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CachedPlatformTest {

    @Test
    void probesAgainOnlyAfterMaxAge() {
        AtomicInteger probes = new AtomicInteger();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        CachedPlatform platform = new CachedPlatform(() -> PlatformInfo.newBuilder()
                .setHostname("h" + probes.incrementAndGet()).build(), clock, Duration.ofMinutes(10));

        assertEquals("h1", platform.get().getHostname());
        now.set(now.get().plusSeconds(599));
        assertEquals("h1", platform.get().getHostname());
        now.set(now.get().plusSeconds(1));
        assertEquals("h2", platform.get().getHostname());
    }
}
