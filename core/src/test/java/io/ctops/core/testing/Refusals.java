package io.ctops.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ctops.core.access.Refusal;
import org.junit.jupiter.api.function.Executable;

/** Asserting that a core service call is refused, and why. */
public final class Refusals {

    private Refusals() {
    }

    /** Runs {@code call}, which must throw a {@link Refusal} for {@code reason}; returns it for its message. */
    public static Refusal refused(Refusal.Reason reason, Executable call) {
        Refusal refusal = assertThrows(Refusal.class, call);
        assertEquals(reason, refusal.reason(), refusal.getMessage());
        return refusal;
    }
}
