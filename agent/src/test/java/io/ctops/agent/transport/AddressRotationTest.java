package io.ctops.agent.transport;

import io.ctops.agent.config.IngestAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressRotationTest {

    private final IngestAddress a = new IngestAddress("a", 1);
    private final IngestAddress b = new IngestAddress("b", 1);
    private final IngestAddress c = new IngestAddress("c", 1);

    @Test
    void movesOnWhenOneFailsAndBacksOffAfterAFullRound() {
        AddressRotation rotation = new AddressRotation(List.of(a, b, c));

        assertEquals(a, rotation.current());
        assertFalse(rotation.failed());
        assertEquals(b, rotation.current());
        assertFalse(rotation.failed());
        assertEquals(c, rotation.current());
        assertTrue(rotation.failed(), "all three failed in a row");
        assertEquals(a, rotation.current());
    }

    @Test
    void staysOnAWorkingAddressAndCountsAgainAfterASuccess() {
        AddressRotation rotation = new AddressRotation(List.of(a, b));
        rotation.failed();
        rotation.succeeded();

        assertEquals(b, rotation.current());
        assertFalse(rotation.failed());
        assertEquals(a, rotation.current());
        assertTrue(rotation.failed());
    }

    @Test
    void aSingleAddressBacksOffAfterEachFailure() {
        AddressRotation rotation = new AddressRotation(List.of(a));

        assertTrue(rotation.failed());
        assertEquals(a, rotation.current());
    }
}
