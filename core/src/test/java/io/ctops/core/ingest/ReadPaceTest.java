package io.ctops.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadPaceTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSenderAtItsIntervalNeverWaits() {
        ReadPace pace = new ReadPace(10);
        // one at once when the stream opens, then one per 10 s for a day, each up to 20 % early
        assertEquals(0, pace.take(0.2, 0));
        for (long t = SECOND; t < 86_400 * SECOND; t += 8 * SECOND) {
            assertEquals(0, pace.take(0.2, t), "at " + t / SECOND + " s");
        }
    }

    @Test
    void aBurstIsReadAtOnceThenTheNextWaitsForItsTurn() {
        ReadPace pace = new ReadPace(10);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, pace.take(0.2, 0), "message " + i);
        }
        assertEquals(5 * SECOND, pace.take(0.2, 0), 1000, "two per 10 s: the next one 5 s later");
        assertEquals(0, pace.take(0.2, 10 * SECOND), "read on its turn, the debt is paid");
    }

    @Test
    void aPausedSenderEarnsItsBurstBackButNoMore() {
        ReadPace pace = new ReadPace(500);
        for (int i = 0; i < 510; i++) {
            pace.take(100, 0);
        }
        // a second later the debt of 10 is paid and 90 may pass
        for (int i = 0; i < 90; i++) {
            assertEquals(0, pace.take(100, SECOND));
        }
        assertTrue(pace.take(100, SECOND) > 0);
        assertEquals(0, pace.take(100, 3600 * SECOND));
        for (int i = 1; i < 500; i++) {
            assertEquals(0, pace.take(100, 3600 * SECOND), "burst " + i);
        }
        assertTrue(pace.take(100, 3600 * SECOND) > 0, "the burst does not grow while idle");
    }
}
