package io.ctops.agent.collect;

import io.ctops.proto.agent.v1.Vitals;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class VitalsJsonTest {

    @Test
    void usesTheProtoFieldNamesAndPrintsZeroes() {
        String json = VitalsJson.print(Vitals.newBuilder().setCpuPercent(12.5).setUptimeSecs(3600).build());

        assertTrue(json.contains("\"cpu_percent\": 12.5"), json);
        assertTrue(json.contains("\"uptime_secs\": \"3600\""), json);
        assertTrue(json.contains("\"swap_percent\": 0.0"), json);
    }
}
