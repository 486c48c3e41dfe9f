package io.ctops.agent.plugin.system;

import java.io.IOException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoadAverageAndUptimeTest {

    @Test
    void readsTheThreeLoadAverages() throws IOException {
        assertEquals(new LoadAverage(0.52, 1.25, 2.0), LoadAverage.parse("0.52 1.25 2.00 3/812 24527\n"));
    }

    @Test
    void rejectsAShortOrGarbledLoadavg() {
        assertThrows(IOException.class, () -> LoadAverage.parse("0.52 1.25\n"));
        assertThrows(IOException.class, () -> LoadAverage.parse("a b c d e\n"));
    }

    @Test
    void uptimeIsWholeSeconds() throws IOException {
        assertEquals(350_735, Uptime.parseSeconds("350735.99 1393589.51\n"));
        assertThrows(IOException.class, () -> Uptime.parseSeconds("soon\n"));
    }
}
