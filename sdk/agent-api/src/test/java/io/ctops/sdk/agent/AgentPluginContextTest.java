package io.ctops.sdk.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgentPluginContextTest {

    private final Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void hostPathResolvesAbsoluteHostPathsUnderTheRoot() {
        AgentPluginContext context = AgentPluginContext.of("system", Path.of("/var/lib/ctops/system"),
                Path.of("/host"), clock);

        assertEquals(Path.of("/host/proc/stat"), context.hostPath("/proc/stat"));
        assertEquals(Path.of("/host/proc/stat"), context.hostPath("proc/stat"));
        assertEquals(Path.of("/host"), context.hostPath("/"));
    }

    @Test
    void hostPathOnTheRealRootIsThePathItself() {
        AgentPluginContext context = AgentPluginContext.of("system", Path.of("data"), Path.of("/"), clock);

        assertEquals(Path.of("/proc/meminfo"), context.hostPath("/proc/meminfo"));
    }

    @Test
    void keepsWhatItWasGiven() {
        AgentPluginContext context = AgentPluginContext.of("system", Path.of("data/system"), Path.of("/"), clock);

        assertEquals("system", context.pluginId());
        assertEquals(Path.of("data/system"), context.dataDir());
        assertEquals(clock, context.clock());
    }

    @Test
    void rejectsMissingValues() {
        assertThrows(NullPointerException.class, () -> AgentPluginContext.of(null, Path.of("d"), Path.of("/"), clock));
        assertThrows(NullPointerException.class, () -> AgentPluginContext.of("x", Path.of("d"), null, clock));
        assertThrows(IllegalArgumentException.class, () -> AgentPluginContext.of(" ", Path.of("d"), Path.of("/"), clock));
    }
}
