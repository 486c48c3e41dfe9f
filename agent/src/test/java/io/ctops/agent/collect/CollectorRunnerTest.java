package io.ctops.agent.collect;

import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.agent.Collector;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectorRunnerTest {

    /** A collector made of a lambda, for tests. */
    private record FakeCollector(String id, boolean enabled, Fill fill) implements Collector {
        @Override
        public void collect(Vitals.Builder into) throws Exception {
            fill.into(into);
        }
    }

    @FunctionalInterface
    private interface Fill {
        void into(Vitals.Builder into) throws Exception;
    }

    private static Collector collector(String id, Fill fill) {
        return new FakeCollector(id, true, fill);
    }

    @Test
    void mergesTheFiguresOfEveryCollector() {
        CollectorRunner runner = new CollectorRunner(List.of(
                collector("cpu", v -> v.setCpuPercent(12.5)),
                collector("memory", v -> v.setMemoryPercent(40))));

        CollectionResult result = runner.collectOnce();

        assertEquals(Vitals.newBuilder().setCpuPercent(12.5).setMemoryPercent(40).build(), result.vitals());
        assertEquals(List.of("cpu", "memory"), result.succeeded());
        assertTrue(result.complete());
    }

    @Test
    void aCollectorThatThrowsLeavesNothingBehindAndTheOthersStillCount() {
        CollectorRunner runner = new CollectorRunner(List.of(
                collector("half", v -> {
                    v.setLoad1(9.9);
                    throw new IOException("/proc/loadavg vanished");
                }),
                collector("uptime", v -> v.setUptimeSecs(60))));

        CollectionResult result = runner.collectOnce();

        assertEquals(Vitals.newBuilder().setUptimeSecs(60).build(), result.vitals());
        assertEquals(List.of(new CollectorFailure("half", "/proc/loadavg vanished")), result.failed());
        assertFalse(result.complete());
    }

    @Test
    void leavesOutCollectorsDisabledOnThisHost() {
        CollectorRunner runner = new CollectorRunner(List.of(
                new FakeCollector("windows-only", false, v -> v.setCpuPercent(99)),
                collector("uptime", v -> v.setUptimeSecs(60))));

        assertEquals(List.of("uptime"), runner.collectorIds());
        assertEquals(0.0, runner.collectOnce().vitals().getCpuPercent());
    }

    @Test
    void nothingToRunIsNotComplete() {
        assertFalse(new CollectorRunner(List.of()).collectOnce().complete());
    }
}
