package io.ctops.core.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SampleSpacingTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    private final SampleSpacing spacing = new SampleSpacing();

    @Test
    void theFirstHeartbeatIsStored() {
        assertTrue(spacing.admit(T0, 10));
    }

    @Test
    void aHeartbeatTakenWithinHalfAnIntervalIsNotStored() {
        assertTrue(spacing.admit(T0, 10));
        assertFalse(spacing.admit(T0, 10));
        assertFalse(spacing.admit(T0.plusMillis(4_999), 10));
        assertTrue(spacing.admit(T0.plusMillis(5_000), 10));
    }

    @Test
    void theCountStartsFromTheLastStoredSampleNotFromTheRefusedOnes() {
        assertTrue(spacing.admit(T0, 10));
        assertFalse(spacing.admit(T0.plusSeconds(4), 10));
        assertTrue(spacing.admit(T0.plusSeconds(6), 10));
        assertFalse(spacing.admit(T0.plusSeconds(10), 10));
        assertTrue(spacing.admit(T0.plusSeconds(11), 10));
    }

    @Test
    void samplesTakenAnIntervalApartAreStoredHoweverTheyArrive() {
        // the spacing only sees sample times: arriving together after a stall changes nothing
        assertTrue(spacing.admit(T0, 10));
        assertTrue(spacing.admit(T0.plusSeconds(10), 10));
        assertTrue(spacing.admit(T0.plusSeconds(20), 10));
    }

    @Test
    void aClockSetBackStartsTheCountAgain() {
        assertTrue(spacing.admit(T0, 10));
        assertTrue(spacing.admit(T0.minusSeconds(3600), 10));
        assertFalse(spacing.admit(T0.minusSeconds(3598), 10));
        assertTrue(spacing.admit(T0.minusSeconds(3590), 10));
    }
}
