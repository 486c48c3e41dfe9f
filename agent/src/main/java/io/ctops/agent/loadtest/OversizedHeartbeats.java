package io.ctops.agent.loadtest;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.proto.agent.v1.Discovery;
import io.ctops.proto.agent.v1.DiskUsage;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.Vitals;
import java.time.Instant;
import java.util.List;

/**
 * The heartbeats an {@code oversized} client sends, one per stream in turn: each breaks one of the server's
 * limits. The sizes assume the server's defaults (a 2 MiB heartbeat, a 4 MiB message): the largest is
 * above both, so it is refused whatever they are set to (up to 6 MiB).
 */
final class OversizedHeartbeats {

    /** One way to be too large. */
    record Variant(String name, HeartbeatRequest heartbeat) {
    }

    static final int LARGE_BYTES = 3 * 1024 * 1024;
    static final int HUGE_BYTES = 6 * 1024 * 1024;

    private OversizedHeartbeats() {
    }

    /** Built once per run and shared: the two large ones take 9 MiB. */
    static List<Variant> all(int intervalSecs) {
        return List.of(
                new Variant("vitals lists", base(intervalSecs).setVitals(tooManyDisks()).build()),
                new Variant("check result count", base(intervalSecs).addAllCheckResults(
                        java.util.Collections.nCopies(1001, result("lt-check", "ok"))).build()),
                new Variant("check output", base(intervalSecs).addCheckResults(result("lt-check", "x".repeat(20_000))).build()),
                new Variant("heartbeat bytes", padded(base(intervalSecs), LARGE_BYTES)),
                new Variant("message bytes", padded(base(intervalSecs), HUGE_BYTES)));
    }

    private static HeartbeatRequest.Builder base(int intervalSecs) {
        Instant now = Instant.now();
        return HeartbeatRequest.newBuilder().setSequence(1).setAgentVersion(Fleet.AGENT_VERSION).setIntervalSecs(intervalSecs)
                .setSentAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()));
    }

    private static Vitals tooManyDisks() {
        Vitals.Builder vitals = Vitals.newBuilder().setCpuPercent(1).setMemoryPercent(1);
        for (int i = 0; i < 129; i++) {
            vitals.addDisks(DiskUsage.newBuilder().setMount("/mnt/" + i).setTotalBytes(100).setUsedBytes(1));
        }
        return vitals.build();
    }

    private static CheckResult result(String id, String output) {
        return CheckResult.newBuilder().setCheckId(id).setState(CheckResult.State.STATE_OK).setOutput(output).build();
    }

    /** Discoveries (at most 100 are allowed) of filler up to about {@code bytes}. */
    private static HeartbeatRequest padded(HeartbeatRequest.Builder heartbeat, int bytes) {
        int each = bytes / 50;
        ByteString filler = ByteString.copyFrom(new byte[each]);
        for (int i = 0; i < 50; i++) {
            heartbeat.addDiscoveries(Discovery.newBuilder().setType("loadtest.filler").setPayload(filler));
        }
        return heartbeat.build();
    }
}
