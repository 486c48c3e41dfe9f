package io.ctops.distribution;

import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.loadtest.LoadtestOptions;
import io.ctops.agent.loadtest.LoadtestRun;
import io.ctops.core.config.IngestLimits;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.users.User;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.TestAgent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input under load: well-behaved virtual agents heartbeat while each kind of bad client of
 * {@code loadtest --misbehave} runs next to them. The agents are served in full; the bad clients are
 * refused with the status that names their fault, held back by flow control, or cut off after the
 * handshake timeout; and the server (in this JVM) holds no more heap afterwards than a bound.
 */
class LoadtestMisbehaviourIT {

    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    static final int AGENTS = 8;
    static final int BAD_PER_KIND = 3;
    /** Heap the run may leave behind: far below what unbounded buffering of these clients would hold. */
    static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars().configure(c -> c.withIngestLimits(
            new IngestLimits(4 * 1024 * 1024, 2 * 1024 * 1024, HANDSHAKE_TIMEOUT, Duration.ofMinutes(5), Duration.ZERO,
                    Duration.ofSeconds(30), 8)));

    @Test
    void agentsAreServedWhileBadClientsAreRefusedHeldBackOrCutOff() throws Exception {
        User admin = server.services().users().setUp("Bad", "bad@example.com", "Bad", "correct horse battery 42");
        String token = server.identity().tokens().create(admin.orgId(), NewEnrolmentToken.named("bad", true), "admin")
                .secret();
        Path ca = server.scratchDir().resolve("ca.pem");
        Files.writeString(ca, TestAgent.pem(server.agentCaCertificate()));
        Path json = server.scratchDir().resolve("bad.json");
        LoadtestOptions options = new LoadtestOptions(new IngestAddress("localhost", server.grpcPort()), token,
                Optional.of(ca), AGENTS, Duration.ofSeconds(1), 0.1, Duration.ofSeconds(1), Duration.ofSeconds(25), "bad1",
                4, 1000, List.of(), json, Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withMisbehaving(List.of("fast,oversized,slow-reader,silent-tls"), BAD_PER_KIND);
        long heapBefore = usedHeapAfterGc();

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = new LoadtestRun(options, new PrintStream(output, true, StandardCharsets.UTF_8)).run();

        String text = output.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, status, text);
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        String context = text + "\n" + summary.toPrettyString();
        // every well-behaved heartbeat acknowledged, none slow
        assertEquals(AGENTS, summary.get("registered").asInt(), context);
        assertEquals(0, summary.get("heartbeats_failed").asLong(), context);
        assertEquals(summary.get("heartbeats_sent").asLong(), summary.get("heartbeats_acknowledged").asLong(), context);
        assertTrue(summary.get("hold").get("heartbeats_acknowledged").asLong() >= AGENTS * 20L, context);
        assertTrue(summary.get("hold").get("rtt_ms").get("max").asDouble() < 5000, "bounded round trips: " + context);
        assertEquals(0, summary.get("reconnects").asLong(), context);

        JsonNode bad = summary.get("misbehaving");
        JsonNode fast = bad.get("fast");
        assertAnswered(fast, "RESOURCE_EXHAUSTED: heartbeats faster than the interval of 1 s", context);
        assertTrue(fast.get("closed_by_server").asLong() >= BAD_PER_KIND, context);

        JsonNode oversized = bad.get("oversized");
        assertAnswered(oversized, "INVALID_ARGUMENT: vitals.disks: more than 128 entries", context);
        assertAnswered(oversized, "INVALID_ARGUMENT: check_results: more than 1000 entries", context);
        assertAnswered(oversized, "INVALID_ARGUMENT: check_results.output longer than 16384 characters", context);
        assertAnswered(oversized, "RESOURCE_EXHAUSTED: heartbeat larger than 2097152 bytes", context);
        assertAnswered(oversized, "RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 4194304", context);
        assertAnswered(oversized, "register with 1000 tags: INVALID_ARGUMENT: too many tags", context);
        assertEquals(0, oversized.get("heartbeats_acknowledged").asLong(), "no oversized heartbeat was taken: " + context);

        // slow readers: the server stopped reading them, and what it answered had waited for them
        JsonNode slow = bad.get("slow-reader");
        assertEquals(BAD_PER_KIND, slow.get("held_back_by_flow_control").asLong(), context);
        assertTrue(slow.get("heartbeats_acknowledged").asLong() > 0, context);
        assertTrue(slow.get("heartbeats_sent").asLong() > slow.get("heartbeats_acknowledged").asLong(), context);

        // silent connections: each closed by the server, after the handshake timeout and not long after it
        JsonNode silent = bad.get("silent-tls");
        for (String variant : List.of("tcp", "tls-stalled", "tls-silent")) {
            assertTrue(keys(silent.get("answers")).stream().anyMatch(a -> a.startsWith(variant + ": closed")
                    || a.startsWith(variant + ": reset")), variant + ": " + context);
        }
        assertTrue(keys(silent.get("answers")).stream().noneMatch(a -> a.contains("failed")), context);
        JsonNode kept = silent.get("kept_open_ms");
        assertTrue(kept.get("count").asLong() >= 3L * BAD_PER_KIND, context);
        assertTrue(kept.get("p50").asDouble() >= HANDSHAKE_TIMEOUT.toMillis() * 0.9, context);
        assertTrue(kept.get("max").asDouble() <= HANDSHAKE_TIMEOUT.toMillis() + 3000, context);

        assertTrue(server.heartbeatCounters().refusedTooFast() >= BAD_PER_KIND, context);
        assertTrue(server.heartbeatCounters().refusedTooLarge() >= 1, context);
        // every stream ended, so every host shows offline again: refused streams end like any other
        CtopsTestServer.await("no heartbeat stream left open", Duration.ofSeconds(10),
                () -> server.heartbeatCounters().openStreams() == 0);
        CtopsTestServer.await("no host of the run online", Duration.ofSeconds(10),
                () -> server.dsl().fetchCount(HOST, HOST.HOSTNAME.startsWith("lt-bad1-"), HOST.STATUS.eq("online")) == 0);

        long heapAfter = usedHeapAfterGc();
        assertTrue(heapAfter - heapBefore < HEAP_GROWTH_BOUND, "heap used after GC grew from " + (heapBefore >> 20)
                + " MiB to " + (heapAfter >> 20) + " MiB");
    }

    private static void assertAnswered(JsonNode kind, String answerPrefix, String context) {
        assertTrue(keys(kind.get("answers")).stream().anyMatch(a -> a.startsWith(answerPrefix)),
                "expected an answer starting '" + answerPrefix + "': " + context);
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            keys.add(names.next());
        }
        return keys;
    }

    /** Heap used after full collections; the server runs in this JVM. */
    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
