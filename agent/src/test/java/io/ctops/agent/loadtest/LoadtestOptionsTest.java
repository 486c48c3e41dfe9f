package io.ctops.agent.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.agent.cli.UsageException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadtestOptionsTest {

    @Test
    void parsesEveryOptionWithUnits() {
        LoadtestOptions o = LoadtestOptions.parse(List.of("--address", "ingest:9443", "--token=t", "--agents", "5_000",
                "--interval", "10s", "--ramp", "2m", "--duration", "0", "--run-id", "ab12", "--source-address", "127.0.0.2",
                "--source-address", "127.0.0.3", "--jitter", "0.2"), Map.of());
        assertEquals(5000, o.agents());
        assertEquals(Duration.ofSeconds(10), o.interval());
        assertEquals(Duration.ofMinutes(2), o.ramp());
        assertTrue(o.duration().isZero());
        assertEquals("lt-ab12-", o.hostnamePrefix());
        assertEquals(List.of("127.0.0.2", "127.0.0.3"), o.sourceAddresses());
        assertEquals(0.2, o.jitter());
    }

    @Test
    void theTokenMayComeFromTheEnvironmentAndTheRunIdIsMadeUp() {
        LoadtestOptions o = LoadtestOptions.parse(List.of("--address", "localhost:9443"), Map.of("CT_OPS_ORG_TOKEN", "env"));
        assertEquals("env", o.token());
        assertTrue(o.runId().matches("[a-z0-9]{6}"), o.runId());
    }

    @Test
    void refusesWhatItCannotRun() {
        Map<String, String> env = Map.of();
        assertThrows(UsageException.class, () -> LoadtestOptions.parse(List.of("--token", "t"), env));
        assertThrows(UsageException.class, () -> LoadtestOptions.parse(List.of("--address", "a:1"), env));
        assertThrows(UsageException.class, () -> LoadtestOptions.parse(List.of("--address", "a:1", "--token", "t",
                "--agents", "0"), env));
        assertThrows(UsageException.class, () -> LoadtestOptions.parse(List.of("--address", "a:1", "--token", "t",
                "--run-id", "Bad_Id"), env));
        assertThrows(UsageException.class, () -> LoadtestOptions.parse(List.of("--address", "a:1", "--token", "t",
                "--interval", "soon"), env));
        assertThrows(UsageException.class, () -> LoadtestOptions.parse(List.of("--address", "a:1", "--token", "t",
                "--agents", "1", "--agents", "2"), env));
        assertThrows(UsageException.class, () -> LoadtestOptions.parse(List.of("--address", "a:1", "--token", "t",
                "--bogus", "1"), env));
    }

    @Test
    void misbehaviourKindsMayBeListedOrRepeatedAndDefaultToTenOfEach() {
        LoadtestOptions o = LoadtestOptions.parse(List.of("--address", "a:1", "--token", "t", "--misbehave",
                "silent-tls,fast", "--misbehave", "slow-reader", "--misbehave", "fast"), Map.of());
        assertEquals(List.of(Misbehaviour.FAST, Misbehaviour.SLOW_READER, Misbehaviour.SILENT_TLS), o.misbehaviours());
        assertEquals(LoadtestOptions.DEFAULT_MISBEHAVING, o.misbehaving());
        LoadtestOptions three = LoadtestOptions.parse(List.of("--address", "a:1", "--token", "t", "--misbehave",
                "oversized", "--misbehaving", "3"), Map.of());
        assertEquals(3, three.misbehaving());
        LoadtestOptions clean = LoadtestOptions.parse(List.of("--address", "a:1", "--token", "t"), Map.of());
        assertTrue(clean.misbehaviours().isEmpty());
        assertEquals(0, clean.misbehaving());
    }

    @Test
    void refusesUnknownMisbehaviourAndACountWithoutKinds() {
        UsageException unknown = assertThrows(UsageException.class, () -> LoadtestOptions.parse(List.of("--address", "a:1",
                "--token", "t", "--misbehave", "fast,rude"), Map.of()));
        assertTrue(unknown.getMessage().contains("unknown kind 'rude' (fast, oversized, slow-reader, silent-tls)"),
                unknown.getMessage());
        assertThrows(UsageException.class, () -> LoadtestOptions.parse(List.of("--address", "a:1", "--token", "t",
                "--misbehaving", "5"), Map.of()));
    }
}
