package io.ctops.core.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeartbeatPaceTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void anAgentAtItsIntervalIsNeverRefused() {
        HeartbeatPace pace = new HeartbeatPace();
        // the stream's first heartbeat at once, then one per 10 s for a day, each up to 20 % early
        assertTrue(pace.admit(10, 0));
        for (long t = SECOND; t < 86_400 * SECOND; t += 8 * SECOND) {
            assertTrue(pace.admit(10, t), "at " + t / SECOND + " s");
        }
    }

    @Test
    void aBurstPassesThenTheStreamIsHeldToTwoPerInterval() {
        HeartbeatPace pace = new HeartbeatPace();
        for (int i = 0; i < HeartbeatPace.BURST; i++) {
            assertTrue(pace.admit(10, i * 1000L));
        }
        assertFalse(pace.admit(10, 20_000L), "the eleventh at once");
        HeartbeatPace refilled = new HeartbeatPace();
        for (int i = 0; i < HeartbeatPace.BURST; i++) {
            refilled.admit(10, 0);
        }
        assertTrue(refilled.admit(10, 5 * SECOND), "half an interval later one more may pass");
        assertFalse(refilled.admit(10, 5 * SECOND + 1));
    }

    @Test
    void noDeclaredIntervalMeansTheDefault() {
        HeartbeatPace pace = new HeartbeatPace();
        for (int i = 0; i < HeartbeatPace.BURST; i++) {
            pace.admit(0, 0);
        }
        assertFalse(pace.admit(0, 4 * SECOND));
        assertTrue(pace.admit(0, 5 * SECOND + SECOND / 10));
    }
}
