package io.ctops.agent.heartbeat;

import io.ctops.agent.checks.CheckResultQueue;
import io.ctops.agent.collect.CollectorRunner;
import io.ctops.agent.spool.Spool;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.PlatformInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Check results ride in exactly one heartbeat, which the spool keeps while the server is away. */
class HeartbeatCheckResultsTest {

    @TempDir
    Path dataDir;

    private final CheckResultQueue results = new CheckResultQueue();
    private final HeartbeatFactory factory = new HeartbeatFactory(new CollectorRunner(List.of()),
            PlatformInfo::getDefaultInstance, Clock.systemUTC(), "1", Duration.ofSeconds(30), 1, results);

    private static CheckResult result(String id) {
        return CheckResult.newBuilder().setCheckId(id).setState(CheckResult.State.STATE_CRITICAL).setOutput("down").build();
    }

    @Test
    void resultsAreDrainedIntoOneHeartbeatOnly() {
        results.add(result("web"));
        results.add(result("db"));

        HeartbeatRequest first = factory.next();
        factory.handedOver(first);
        HeartbeatRequest second = factory.next();

        assertEquals(List.of(result("web"), result("db")), first.getCheckResultsList());
        assertEquals(List.of(), second.getCheckResultsList());
    }

    @Test
    void resultsOfAHeartbeatThatWasNotHandedOverGoInTheNextOne() {
        results.add(result("web"));

        factory.next(); // built, but the outbox never took it
        HeartbeatRequest next = factory.next();

        assertEquals(List.of(result("web")), next.getCheckResultsList());
    }

    @Test
    void whileTheServerIsAwayTheResultsTravelInTheSpooledHeartbeat() throws Exception {
        try (Spool spool = Spool.open(dataDir.resolve("spool"), 1024 * 1024)) {
            HeartbeatSpool heartbeatSpool = new HeartbeatSpool(spool);
            HeartbeatOutbox outbox = new HeartbeatOutbox(heartbeatSpool); // no stream: everything is spooled
            results.add(result("web"));

            try (HeartbeatTicker ticker = new HeartbeatTicker(factory, outbox, Duration.ofHours(1))) {
                ticker.tickNow();
            } // closing lets the tick finish

            assertEquals(0, results.size());
            List<HeartbeatSpool.Spooled> spooled = heartbeatSpool.read(heartbeatSpool.head(), 10);
            assertEquals(1, spooled.size());
            assertTrue(spooled.get(0).heartbeat().getReplayed());
            assertEquals(List.of(result("web")), spooled.get(0).heartbeat().getCheckResultsList());
        }
    }
}
