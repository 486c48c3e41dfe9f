package io.ctops.agent.heartbeat;

import com.google.protobuf.Timestamp;
import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.identity.AgentIdentity;
import io.ctops.agent.identity.AgentKeyFile;
import io.ctops.agent.identity.CredentialRefresher;
import io.ctops.agent.identity.CredentialStore;
import io.ctops.agent.identity.Registrar;
import io.ctops.agent.spool.Spool;
import io.ctops.agent.testing.FakeIngest;
import io.ctops.agent.transport.AddressRotation;
import io.ctops.agent.transport.Backoff;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.PlatformInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop against a plain-text fake ingest: live heartbeats, spooling while it is away, replay after. */
class HeartbeatLoopTest {

    @TempDir
    Path dataDir;

    private static final long START = java.time.Instant.now().getEpochSecond() - 3600;

    private final AtomicLong sequence = new AtomicLong(100);
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
    }

    private HeartbeatOutbox start(IngestAddress address, Duration ackTimeout) throws Exception {
        FakeIngest registrations = ingest != null ? ingest : new FakeIngest();
        Registrar registrar = new Registrar(FakeIngest.plaintext(), new AddressRotation(List.of(registrations.address())),
                Backoff.standard(() -> 0.0), d -> { }, Clock.systemUTC(), PlatformInfo::getDefaultInstance, "1", Map.of(),
                Optional.of("token"));
        AgentIdentity identity = AgentIdentity.establish(new AgentKeyFile(dataDir).loadOrCreate(),
                new CredentialStore(dataDir), registrar, Clock.systemUTC());
        if (registrations != ingest) {
            registrations.close();
        }
        spool = Spool.open(dataDir.resolve("spool"), 1024 * 1024);
        HeartbeatSpool heartbeatSpool = new HeartbeatSpool(spool);
        HeartbeatOutbox outbox = new HeartbeatOutbox(heartbeatSpool);
        loop = new HeartbeatLoop(new HeartbeatLoop.Parts(identity, new CredentialRefresher(identity, registrar,
                Clock.systemUTC()), registrar, FakeIngest.plaintext(), new AddressRotation(List.of(address)),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0.2, () -> 0.5), heartbeatSpool, outbox,
                () -> outbox.submit(heartbeat()), Duration.ofSeconds(1), Clock.systemUTC()), ackTimeout);
        thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-heartbeat-loop");
        thread.start();
        return outbox;
    }

    private HeartbeatRequest heartbeat() {
        long n = sequence.getAndIncrement();
        return HeartbeatRequest.newBuilder().setSequence(n)
                .setSentAt(Timestamp.newBuilder().setSeconds(START + n)).setIntervalSecs(1).build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void sendsLiveHeartbeatsThatAreAcknowledgedAndSpoolsNothing() throws Exception {
        ingest = new FakeIngest();
        HeartbeatOutbox outbox = start(ingest.address(), Duration.ofSeconds(10));

        await("the first heartbeat sent when the stream opens", () -> ingest.heartbeats.size() == 1);
        outbox.submit(heartbeat());
        outbox.submit(heartbeat());

        await("three heartbeats", () -> ingest.heartbeats.size() == 3);
        assertTrue(ingest.heartbeats.stream().noneMatch(HeartbeatRequest::getReplayed));
        assertEquals(List.of(100L, 101L, 102L), ingest.heartbeats.stream().map(HeartbeatRequest::getSequence).toList());
        assertTrue(spool.isEmpty());
    }

    @Test
    void spoolsWhileIngestIsDownAndReplaysInOrderWithOriginalTimesOnceItIsBack() throws Exception {
        FakeIngest down = new FakeIngest();
        int port = down.port();
        IngestAddress address = down.address();
        ingest = down;
        HeartbeatOutbox outbox = start(address, Duration.ofSeconds(10));
        await("the stream to open", () -> down.heartbeats.size() == 1);
        down.close();
        ingest = null;

        List<HeartbeatRequest> sent = List.of(heartbeat(), heartbeat(), heartbeat());
        sent.forEach(outbox::submit);
        await("the outage's heartbeats to be spooled", () -> spool.status().records() >= 3);

        ingest = new FakeIngest(port);
        FakeIngest back = ingest;
        await("the spool to be replayed", () -> back.heartbeats.stream().filter(HeartbeatRequest::getReplayed).count() >= 3);

        List<HeartbeatRequest> replayed = back.heartbeats.stream().filter(HeartbeatRequest::getReplayed).toList();
        List<Long> sequences = replayed.stream().map(HeartbeatRequest::getSequence).toList();
        assertTrue(sequences.containsAll(sent.stream().map(HeartbeatRequest::getSequence).toList()), sequences.toString());
        assertEquals(sequences.stream().sorted().toList(), sequences, "replayed in order");
        for (HeartbeatRequest original : sent) {
            HeartbeatRequest again = replayed.stream().filter(r -> r.getSequence() == original.getSequence()).findFirst()
                    .orElseThrow();
            assertEquals(original.getSentAt(), again.getSentAt(), "original sent_at");
        }
        await("the spool to empty", spool::isEmpty);
    }

    @Test
    void aHeartbeatThatIsNotAcknowledgedGoesToTheSpoolAndIsSentAgain() throws Exception {
        ingest = new FakeIngest();
        ingest.acknowledge.set(false);
        HeartbeatOutbox outbox = start(ingest.address(), Duration.ofMillis(500));
        await("the first heartbeat to arrive", () -> ingest.heartbeats.size() >= 1);

        await("the unacknowledged heartbeat to be spooled", () -> spool.status().records() >= 1);
        ingest.acknowledge.set(true);

        await("it to be replayed and acknowledged", () -> ingest.heartbeats.stream()
                .anyMatch(h -> h.getReplayed() && h.getSequence() == 100) && spool.isEmpty());
        assertFalse(ingest.heartbeats.get(0).getReplayed());
        outbox.submit(heartbeat());
        await("live heartbeats to flow again", () -> ingest.heartbeats.stream()
                .anyMatch(h -> !h.getReplayed() && h.getSequence() > 100));
    }

    @Test
    void aHeartbeatTheServerRefusesIsDroppedInsteadOfBlockingTheRest() throws Exception {
        ingest = new FakeIngest();
        ingest.acknowledge.set(false);
        HeartbeatOutbox outbox = start(ingest.address(), Duration.ofMillis(300));
        await("the first heartbeat to be spooled unacknowledged", () -> spool.status().records() >= 1);
        ingest.refusedSequence = 100;
        ingest.acknowledge.set(true);
        outbox.submit(heartbeat());

        await("the refused heartbeat dropped and the rest delivered", () -> spool.isEmpty()
                && ingest.heartbeats.stream().anyMatch(h -> h.getSequence() == 101));
        assertTrue(ingest.heartbeats.stream().noneMatch(h -> h.getReplayed() && h.getSequence() == 100));
    }

    @Test
    void spooledHeartbeatsTooOldForTheServerAreDropped() throws Exception {
        spool = Spool.open(dataDir.resolve("spool"), 1024 * 1024);
        HeartbeatSpool heartbeatSpool = new HeartbeatSpool(spool);
        heartbeatSpool.append(HeartbeatRequest.newBuilder().setSequence(1)
                .setSentAt(Timestamp.newBuilder().setSeconds(START - 8 * 86400)).build());
        heartbeatSpool.append(heartbeat());
        spool.close();
        spool = null;
        ingest = new FakeIngest();

        start(ingest.address(), Duration.ofSeconds(10));

        await("the recent one to be replayed", () -> ingest.heartbeats.stream().anyMatch(h -> h.getReplayed()
                && h.getSequence() == 100));
        assertTrue(ingest.heartbeats.stream().noneMatch(h -> h.getSequence() == 1));
        await("the spool to empty", () -> spool.isEmpty());
    }

    @Test
    void stoppingClosesTheStreamAndKeepsWhatWasNotAcknowledged() throws Exception {
        ingest = new FakeIngest();
        HeartbeatOutbox outbox = start(ingest.address(), Duration.ofSeconds(30));
        await("the stream to open", () -> ingest.heartbeats.size() == 1);
        ingest.acknowledge.set(false);
        outbox.submit(heartbeat());
        await("the second heartbeat to arrive", () -> ingest.heartbeats.size() == 2);

        loop.stop();
        thread.join(10_000);

        assertFalse(thread.isAlive());
        assertEquals(1, spool.status().records(), "the unacknowledged one is kept for the next start");
        loop = null;
    }
}
