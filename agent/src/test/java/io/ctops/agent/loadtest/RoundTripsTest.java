package io.ctops.agent.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoundTripsTest {

    @Test
    void percentilesOfAKnownSpreadInMilliseconds() {
        RoundTrips trips = new RoundTrips();
        for (int ms = 1; ms <= 1000; ms++) {
            trips.record(TimeUnit.MILLISECONDS.toNanos(ms));
        }
        RoundTrips.Summary all = trips.total();
        assertEquals(1000, all.count());
        assertEquals(500, all.p50(), 1);
        assertEquals(900, all.p90(), 1);
        assertEquals(990, all.p99(), 1);
        assertEquals(999, all.p999(), 1);
        assertEquals(1000, all.max(), 1);
    }

    @Test
    void theIntervalHoldsOnlyWhatCameSinceTheLastOneAndTheTotalEverything() {
        RoundTrips trips = new RoundTrips();
        trips.record(TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals(1, trips.interval().count());
        trips.record(TimeUnit.MILLISECONDS.toNanos(2));
        trips.record(TimeUnit.MILLISECONDS.toNanos(2));
        RoundTrips.Summary recent = trips.interval();
        assertEquals(2, recent.count());
        assertEquals(2, recent.max(), 0.01);
        assertEquals(3, trips.total().count());
        assertEquals(100, trips.total().max(), 0.1);
    }

    @Test
    void restartForgetsTheRampAndClampsWhatIsOutOfRange() {
        RoundTrips trips = new RoundTrips();
        trips.record(TimeUnit.SECONDS.toNanos(5));
        trips.restart();
        trips.record(-5);
        trips.record(TimeUnit.HOURS.toNanos(1));
        RoundTrips.Summary total = trips.total();
        assertEquals(2, total.count());
        assertEquals(TimeUnit.MICROSECONDS.toMillis(RoundTrips.MAX_MICROS), total.max(), 1000);
        assertEquals(0, new RoundTrips().total().p99());
    }
}
