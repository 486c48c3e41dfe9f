package io.ctops.agent.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private static List<Long> seconds(Backoff backoff, int n) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            delays.add(backoff.next().toSeconds());
        }
        return delays;
    }

    private static List<Long> millis(Backoff backoff, int n) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            delays.add(backoff.next().toMillis());
        }
        return delays;
    }

    @Test
    void growsByHalfFromOneSecondUpToThirty() {
        Backoff backoff = Backoff.standard(() -> 0.0);

        assertEquals(List.of(1000L, 1500L, 2250L, 3375L, 5062L, 7593L, 11390L, 17085L, 25628L, 30000L, 30000L),
                millis(backoff, 11));
    }

    @Test
    void doublesWhenAskedTo() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2, () -> 0.0);

        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), seconds(backoff, 9));
    }

    @Test
    void aLongOutageNeverOverflowsTheCap() {
        Backoff backoff = Backoff.standard(() -> 0.0);

        assertEquals(Duration.ofSeconds(30), backoff.nominal(Integer.MAX_VALUE));
        assertEquals(Duration.ofSeconds(30), backoff.nominal(5000));
    }

    @Test
    void resetStartsAgainFromOneSecond() {
        Backoff backoff = Backoff.standard(() -> 0.0);
        seconds(backoff, 5);

        backoff.reset();

        assertEquals(List.of(1000L, 1500L), millis(backoff, 2));
    }

    @Test
    void eachDelayIsDrawnFromTheUpperHalfAndNeverExceedsTheCap() {
        Random random = new Random(42);
        Backoff backoff = Backoff.standard(random::nextDouble);
        for (int attempt = 0; attempt < 200; attempt++) {
            Duration nominal = backoff.nominal(attempt);
            Duration delay = backoff.next();
            assertTrue(delay.compareTo(nominal) <= 0, attempt + ": " + delay + " above " + nominal);
            assertTrue(delay.toNanos() >= nominal.toNanos() * 0.5, attempt + ": " + delay + " below half of " + nominal);
            assertTrue(delay.compareTo(Duration.ofSeconds(30)) <= 0);
        }
        Backoff almostOne = Backoff.standard(() -> 0.999_999);
        assertEquals(500, almostOne.next().toMillis());
    }

    @Test
    void afterAServerRestartAnAgentWaitsLessThanItWasCutOff() {
        // the point of the policy: an agent cut off for t seconds tries again after about t/2 on average,
        // never later than t + 1 s (doubling with 20 % jitter waited about t, up to 60 s)
        Random random = new Random(3);
        double ratios = 0;
        int counted = 0;
        for (int agent = 0; agent < 1000; agent++) {
            Backoff backoff = Backoff.standard(random::nextDouble);
            double cutOff = 0;
            for (int attempt = 0; attempt < 30; attempt++) {
                double delay = backoff.next().toMillis() / 1000.0;
                assertTrue(delay <= cutOff + 1.0, "after " + cutOff + " s down the next try waits " + delay + " s");
                if (attempt >= 4 && attempt <= 8) {
                    ratios += delay / cutOff;
                    counted++;
                }
                cutOff += delay;
            }
        }
        double mean = ratios / counted;
        assertTrue(mean < 0.7, "mean wait / time cut off: " + mean);
    }

    @Test
    void spreadsAFleetOut() {
        Random random = new Random(7);
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> Backoff.standard(random::nextDouble).next().toMillis()).distinct().count();

        assertTrue(distinct > 40, "delays of agents cut off at once differ: " + distinct);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0.2, () -> 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.2, () -> 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5, () -> 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.9, 0.5, () -> 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), Double.NaN, 0.5, () -> 0));
    }
}
