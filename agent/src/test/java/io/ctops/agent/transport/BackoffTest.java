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

    @Test
    void doublesFromOneSecondUpToSixty() {
        Backoff backoff = Backoff.standard(() -> 0.0);

        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), seconds(backoff, 9));
    }

    @Test
    void resetStartsAgainFromOneSecond() {
        Backoff backoff = Backoff.standard(() -> 0.0);
        seconds(backoff, 5);

        backoff.reset();

        assertEquals(List.of(1L, 2L), seconds(backoff, 2));
    }

    @Test
    void jitterTakesOffAtMostAFifthAndNeverExceedsTheCap() {
        Random random = new Random(42);
        Backoff backoff = Backoff.standard(random::nextDouble);
        for (int attempt = 0; attempt < 200; attempt++) {
            Duration nominal = backoff.nominal(attempt);
            Duration delay = backoff.next();
            assertTrue(delay.compareTo(nominal) <= 0, attempt + ": " + delay + " above " + nominal);
            assertTrue(delay.toNanos() >= nominal.toNanos() * 0.8, attempt + ": " + delay + " below 80% of " + nominal);
            assertTrue(delay.compareTo(Duration.ofSeconds(60)) <= 0);
        }
        Backoff almostOne = Backoff.standard(() -> 0.999_999);
        assertEquals(800, almostOne.next().toMillis());
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
    }
}
