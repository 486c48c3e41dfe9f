package io.ctops.agent.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.proto.agent.v1.HeartbeatRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OversizedHeartbeatsTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void eachVariantBreaksExactlyTheLimitItIsNamedFor() {
        Map<String, HeartbeatRequest> variants = OversizedHeartbeats.all(10).stream()
                .collect(Collectors.toMap(OversizedHeartbeats.Variant::name, OversizedHeartbeats.Variant::heartbeat));
        assertEquals(List.of("vitals lists", "check result count", "check output", "heartbeat bytes", "message bytes"),
                OversizedHeartbeats.all(10).stream().map(OversizedHeartbeats.Variant::name).toList());
        assertEquals(129, variants.get("vitals lists").getVitals().getDisksCount());
        assertEquals(1001, variants.get("check result count").getCheckResultsCount());
        assertEquals(20_000, variants.get("check output").getCheckResults(0).getOutput().length());
        int large = variants.get("heartbeat bytes").getSerializedSize();
        assertTrue(large > 2 * MIB && large < 4 * MIB, "between the default heartbeat and message limits: " + large);
        assertTrue(variants.get("message bytes").getSerializedSize() > 4 * MIB);
        // the small ones stay far below any size limit, so the server judges their fields
        assertTrue(variants.get("check result count").getSerializedSize() < 64 * 1024);
        // 100 discoveries are allowed: the large ones break only the size
        assertTrue(variants.get("message bytes").getDiscoveriesCount() <= 100);
    }
}
