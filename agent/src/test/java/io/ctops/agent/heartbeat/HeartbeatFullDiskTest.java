package io.ctops.agent.heartbeat;

import io.ctops.agent.checks.CheckResultQueue;
import io.ctops.agent.collect.CollectorRunner;
import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.identity.AgentIdentity;
import io.ctops.agent.identity.AgentKeyFile;
import io.ctops.agent.identity.CredentialRefresher;
import io.ctops.agent.identity.CredentialStore;
import io.ctops.agent.identity.Registrar;
import io.ctops.agent.spool.Spool;
import io.ctops.agent.testing.FakeIngest;
import io.ctops.agent.testing.SmallTmpfs;
import io.ctops.agent.transport.AddressRotation;
import io.ctops.agent.transport.Backoff;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.PlatformInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input "a full disk for the spool": the server goes away and the spool's disk (a real 256 KiB
 * tmpfs) fills up long before the spool's bound. The agent drops the oldest heartbeats, counts them,
 * keeps heartbeating, replays what it kept once the server is back, and tells the server how many it
 * dropped.
 */
class HeartbeatFullDiskTest {

    private static final int OUTAGE_HEARTBEATS = 500;

    @TempDir
    Path temp;

    private SmallTmpfs disk;
    private FakeIngest ingest;
    private Spool spool;
    private HeartbeatLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws Exception {
        if (loop != null) {
            loop.stop();
            thread.join(10_000);
        }
        if (spool != null) {
            spool.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aFullDiskDropsTheOldestHeartbeatsAndTheAgentGoesOnAndReportsTheDrop() throws Exception {
        disk = SmallTmpfs.mount(temp.resolve("disk"), "256k");
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        ingest = new FakeIngest();
        int port = ingest.port();
        IngestAddress address = ingest.address();
        Registrar registrar = new Registrar(FakeIngest.plaintext(), new AddressRotation(List.of(address)),
                Backoff.standard(() -> 0.0), d -> { }, Clock.systemUTC(), PlatformInfo::getDefaultInstance, "1", Map.of(),
                Optional.of("token"));
        AgentIdentity identity = AgentIdentity.establish(new AgentKeyFile(dataDir).loadOrCreate(),
                new CredentialStore(dataDir), registrar, Clock.systemUTC());
        spool = Spool.open(disk.dir().resolve("spool"), 64L * 1024 * 1024);
        HeartbeatSpool heartbeatSpool = new HeartbeatSpool(spool);
        HeartbeatOutbox outbox = new HeartbeatOutbox(heartbeatSpool);
        // about 1 KiB per heartbeat, like one with a few disks and interfaces
        PlatformInfo platform = PlatformInfo.newBuilder().setHostname("host").setKernel("k".repeat(1000)).build();
        HeartbeatFactory factory = new HeartbeatFactory(new CollectorRunner(List.of()), () -> platform,
                Clock.systemUTC(), "1", Duration.ofSeconds(1), 1, new CheckResultQueue(),
                () -> heartbeatSpool.status().dropped());
        loop = new HeartbeatLoop(new HeartbeatLoop.Parts(identity, new CredentialRefresher(identity, registrar,
                Clock.systemUTC()), registrar, FakeIngest.plaintext(), new AddressRotation(List.of(address)),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0.2, () -> 0.5), heartbeatSpool, outbox,
                () -> outbox.submit(factory.next()), Duration.ofSeconds(1), Clock.systemUTC()));
        thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-heartbeat-loop");
        thread.start();
        FakeIngest up = ingest;
        await("the stream to open", () -> up.heartbeats.size() == 1);

        ingest.close();
        ingest = null;
        long firstOfOutage = factory.next().getSequence() + 1;
        for (int i = 0; i < OUTAGE_HEARTBEATS; i++) {
            outbox.submit(factory.next());
        }
        // one may still have been on the dying stream: it reaches the spool when the stream ends
        await("every heartbeat of the outage kept or counted",
                () -> spool.status().records() + spool.status().dropped() == OUTAGE_HEARTBEATS);
        long dropped = spool.status().dropped();
        assertTrue(dropped > 0, "500 KiB of heartbeats on a 256 KiB disk: " + spool.status());

        ingest = new FakeIngest(port);
        FakeIngest back = ingest;
        await("what the spool kept to be replayed", spool::isEmpty);
        HeartbeatRequest after = factory.next();
        outbox.submit(after);
        await("the first heartbeat after the outage", () -> back.heartbeats.stream()
                .anyMatch(h -> h.getSequence() == after.getSequence()));

        long lastOfOutage = firstOfOutage + OUTAGE_HEARTBEATS - 1;
        List<Long> replayed = back.heartbeats.stream().filter(HeartbeatRequest::getReplayed)
                .map(HeartbeatRequest::getSequence).filter(s -> s >= firstOfOutage && s <= lastOfOutage).distinct()
                .toList();
        assertEquals(OUTAGE_HEARTBEATS - dropped, replayed.size(), "every heartbeat kept arrives");
        assertEquals(replayed.stream().sorted().toList(), replayed, "in order");
        assertEquals(lastOfOutage, replayed.get(replayed.size() - 1), "the newest were kept");
        HeartbeatRequest received = back.heartbeats.stream().filter(h -> h.getSequence() == after.getSequence())
                .findFirst().orElseThrow();
        assertEquals(dropped, received.getSpoolDroppedTotal(), "the server is told how many were dropped");
        assertTrue(thread.isAlive(), "the agent keeps running");
    }
}
