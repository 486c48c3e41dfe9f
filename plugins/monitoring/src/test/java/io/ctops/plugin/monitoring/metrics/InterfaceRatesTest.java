package io.ctops.plugin.monitoring.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InterfaceRatesTest {

    private static final UUID HOST = UUID.randomUUID();
    private static final Instant T = Instant.parse("2030-05-06T07:08:00Z");

    @Test
    void seededCountersGiveTheFirstSampleAfterARestartItsRate() {
        InterfaceRates rates = new InterfaceRates();
        List<MetricSample> batch = List.of(sample(T.plusSeconds(10), 21_000, 10_500));
        Set<InterfaceRates.Key> unknown = rates.unknown(batch);
        assertEquals(Set.of(new InterfaceRates.Key(HOST, "eth0"), new InterfaceRates.Key(HOST, "lo")), unknown);

        rates.seed(unknown, Map.of(new InterfaceRates.Key(HOST, "eth0"), new InterfaceRates.Last(T, 1_000, 500)));
        MetricSample planned = rates.plan(batch).samples().get(0);
        assertEquals(2_000.0, planned.netRx(), 1e-9);
        assertEquals(1_000.0, planned.netTx(), 1e-9);
        assertNull(planned.interfaces().get(1).rxRate(), "lo had nothing stored: no rate yet");
        assertTrue(rates.unknown(batch).isEmpty(), "neither is looked up again");
    }

    @Test
    void aSeedNeverReplacesNewerCountersAlreadyRemembered() {
        InterfaceRates rates = new InterfaceRates();
        InterfaceRates.Plan first = rates.plan(List.of(sample(T.plusSeconds(20), 5_000, 5_000)));
        rates.commit(first);
        rates.seed(Set.of(new InterfaceRates.Key(HOST, "eth0")),
                Map.of(new InterfaceRates.Key(HOST, "eth0"), new InterfaceRates.Last(T, 0, 0)));
        MetricSample next = rates.plan(List.of(sample(T.plusSeconds(30), 6_000, 5_500))).samples().get(0);
        assertEquals(100.0, next.interfaces().get(0).rxRate(), 1e-9);
        assertEquals(50.0, next.interfaces().get(0).txRate(), 1e-9);
    }

    private static MetricSample sample(Instant at, long rx, long tx) {
        return new MetricSample(UUID.randomUUID(), HOST, at, 1.0, 1.0, 1.0, 1.0, 0.1, 0.1, 0.1, null, null, List.of(),
                List.of(new MetricSample.InterfaceRow("eth0", rx, tx, 0, 0, null, null),
                        new MetricSample.InterfaceRow("lo", rx, tx, 0, 0, null, null)));
    }
}
