package io.ctops.agent.heartbeat;

import io.ctops.agent.collect.CollectorRunner;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.ctops.sdk.agent.Collector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class HeartbeatFactoryTest {

    private static Collector cpu(double percent) {
        return new Collector() {
            @Override
            public String id() {
                return "cpu";
            }

            @Override
            public void collect(io.ctops.proto.agent.v1.Vitals.Builder into) {
                into.setCpuPercent(percent);
            }
        };
    }

    @Test
    void carriesTheCollectorsFiguresAndWhatTheServerNeedsToStoreThem() {
        Instant now = Instant.parse("2030-05-06T07:08:09.123Z");
        PlatformInfo platform = PlatformInfo.newBuilder().setHostname("web-01").build();
        HeartbeatFactory factory = new HeartbeatFactory(new CollectorRunner(List.of(cpu(12.5))), () -> platform,
                Clock.fixed(now, ZoneOffset.UTC), "1.2.3", Duration.ofSeconds(30), 7);

        HeartbeatRequest first = factory.next();
        HeartbeatRequest second = factory.next();

        assertEquals(7, first.getSequence());
        assertEquals(8, second.getSequence());
        assertEquals(now.getEpochSecond(), first.getSentAt().getSeconds());
        assertEquals(now.getNano(), first.getSentAt().getNanos());
        assertEquals(12.5, first.getVitals().getCpuPercent());
        assertEquals(30, first.getIntervalSecs());
        assertEquals("1.2.3", first.getAgentVersion());
        assertEquals(platform, first.getPlatform());
        assertFalse(first.getReplayed());
    }

    @Test
    void withoutCollectorsItIsAHeartbeatWithoutVitals() {
        HeartbeatFactory factory = new HeartbeatFactory(new CollectorRunner(List.of()), PlatformInfo::getDefaultInstance,
                Clock.systemUTC(), "1", Duration.ofSeconds(1), 1);

        assertFalse(factory.next().hasVitals());
    }
}
