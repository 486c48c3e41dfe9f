package io.ctops.agent.heartbeat;

import io.ctops.agent.checks.CheckExecutors;
import io.ctops.agent.checks.CheckResultQueue;
import io.ctops.agent.checks.CheckScheduler;
import io.ctops.agent.checks.PushedChecks;
import io.ctops.agent.checks.PushedChecksFile;
import io.ctops.agent.collect.CollectorRunner;
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
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.ctops.sdk.agent.CheckExecutor;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The whole path: a server pushes a check on the stream, the agent runs it, the result comes back in a heartbeat. */
class HeartbeatPushedChecksTest {

    @TempDir
    Path dataDir;

    private final List<HeartbeatRequest> received = new CopyOnWriteArrayList<>();
    private volatile List<CheckDefinition> toPush = List.of();
    private volatile boolean replace = true;
    private Server server;
    private Spool spool;
    private HeartbeatSpool heartbeatSpool;
    private CheckScheduler scheduler;
    private HeartbeatTicker ticker;
    private HeartbeatLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws Exception {
        if (loop != null) {
            loop.stop();
            thread.join(10_000);
        }
        if (ticker != null) {
            ticker.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (spool != null) {
            spool.close();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Answers every heartbeat, with the checks to push in each answer. */
    private final class PushingIngest extends AgentIngestGrpc.AgentIngestImplBase {
        @Override
        public StreamObserver<HeartbeatRequest> heartbeat(StreamObserver<HeartbeatResponse> responses) {
            return new StreamObserver<>() {
                @Override
                public void onNext(HeartbeatRequest heartbeat) {
                    received.add(heartbeat);
                    synchronized (responses) {
                        responses.onNext(HeartbeatResponse.newBuilder().setAckSequence(heartbeat.getSequence())
                                .addAllChecks(toPush).setReplaceChecks(replace).build());
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    synchronized (responses) {
                        responses.onCompleted();
                    }
                }
            };
        }
    }

    private static final class UpExecutor implements CheckExecutor {
        @Override
        public String type() {
            return "up";
        }

        @Override
        public CheckResult run(CheckDefinition definition) {
            return CheckResult.newBuilder().setState(CheckResult.State.STATE_OK).setOutput("up").build();
        }
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

    private static final CheckDefinition WEB = CheckDefinition.newBuilder().setCheckId("web").setType("up")
            .setIntervalSecs(60).build();

    private void startServer() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new PushingIngest())
                .build().start();
    }

    /** The agent's parts as RunCommand wires them, with pushed checks kept in the data directory. */
    private void startAgent(IngestAddress address) throws Exception {
        AgentIdentity identity;
        Registrar registrar;
        try (FakeIngest registrations = new FakeIngest()) {
            registrar = new Registrar(FakeIngest.plaintext(), new AddressRotation(List.of(registrations.address())),
                    Backoff.standard(() -> 0.0), d -> { }, Clock.systemUTC(), PlatformInfo::getDefaultInstance, "1",
                    Map.of(), Optional.of("token"));
            identity = AgentIdentity.establish(new AgentKeyFile(dataDir).loadOrCreate(), new CredentialStore(dataDir),
                    registrar, Clock.systemUTC());
        }
        CheckResultQueue results = new CheckResultQueue();
        scheduler = new CheckScheduler(new CheckExecutors(List.of(new UpExecutor())), results, Clock.systemUTC());
        PushedChecks pushed = new PushedChecks(scheduler, new PushedChecksFile(dataDir));
        pushed.restore();
        spool = Spool.open(dataDir.resolve("spool"), 1024 * 1024);
        heartbeatSpool = new HeartbeatSpool(spool);
        HeartbeatOutbox outbox = new HeartbeatOutbox(heartbeatSpool);
        HeartbeatFactory factory = new HeartbeatFactory(new CollectorRunner(List.of()), PlatformInfo::getDefaultInstance,
                Clock.systemUTC(), "1", Duration.ofMillis(200), 1, results);
        ticker = new HeartbeatTicker(factory, outbox, Duration.ofMillis(200));
        loop = new HeartbeatLoop(new HeartbeatLoop.Parts(identity, new CredentialRefresher(identity, registrar,
                Clock.systemUTC()), registrar, FakeIngest.plaintext(), new AddressRotation(List.of(address)),
                Backoff.standard(() -> 0.0), heartbeatSpool, outbox, ticker::tickNow, Duration.ofMillis(200),
                Clock.systemUTC(), pushed));
        thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-heartbeat-loop");
        thread.start();
        ticker.start();
    }

    private void stopAgent() throws Exception {
        loop.stop();
        thread.join(10_000);
        loop = null;
        ticker.close();
        ticker = null;
        scheduler.close();
        scheduler = null;
        spool.close();
        spool = null;
    }

    private IngestAddress serverAddress() {
        return new IngestAddress("127.0.0.1", server.getPort());
    }

    @Test
    void aPushedCheckRunsAndItsResultArrivesInALaterHeartbeat() throws Exception {
        startServer();
        toPush = List.of(WEB,
                CheckDefinition.newBuilder().setCheckId("dns").setType("dns").setIntervalSecs(60).build());
        startAgent(serverAddress());

        await("both checks' results to arrive", () -> received.stream().flatMap(h -> h.getCheckResultsList().stream())
                .map(CheckResult::getCheckId).distinct().count() == 2);

        List<CheckResult> all = received.stream().flatMap(h -> h.getCheckResultsList().stream()).toList();
        assertEquals(List.of("web", "dns"), List.copyOf(scheduler.definitions().keySet()));
        assertEquals(1, all.stream().filter(r -> r.getCheckId().equals("web")).count(),
                "pushed again with every answer, an unchanged check is not run again; its result is sent once");
        CheckResult web = all.stream().filter(r -> r.getCheckId().equals("web")).findFirst().orElseThrow();
        assertEquals(CheckResult.State.STATE_OK, web.getState());
        CheckResult dns = all.stream().filter(r -> r.getCheckId().equals("dns")).findFirst().orElseThrow();
        assertEquals("no executor for type dns", dns.getOutput());
    }

    @Test
    void anEmptySetWithReplaceChecksStopsEveryCheckButAnEmptyAnswerFromAnOlderServerChangesNothing() throws Exception {
        startServer();
        toPush = List.of(WEB);
        startAgent(serverAddress());
        await("the check to be scheduled", () -> scheduler.definitions().containsKey("web"));

        replace = false;
        toPush = List.of();
        int seen = received.size();
        await("more answers without checks", () -> received.size() >= seen + 5);
        assertEquals(List.of("web"), List.copyOf(scheduler.definitions().keySet()), "an older server's empty answer");
        assertEquals(Optional.of(List.of(WEB)), new PushedChecksFile(dataDir).load());

        replace = true;
        await("the empty set to stop the check", () -> scheduler.definitions().isEmpty());
        await("the empty set to be kept", () -> new PushedChecksFile(dataDir).load().equals(Optional.of(List.of())));
    }

    @Test
    void pushedChecksKeepRunningAfterARestartWhileTheServerIsAway() throws Exception {
        startServer();
        toPush = List.of(WEB);
        startAgent(serverAddress());
        await("the pushed set to be kept", () -> new PushedChecksFile(dataDir).load().equals(Optional.of(List.of(WEB))));
        stopAgent();
        int port = server.getPort();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server = null;

        startAgent(new IngestAddress("127.0.0.1", port));

        assertEquals(List.of("web"), List.copyOf(scheduler.definitions().keySet()), "restored before any push");
        await("the restored check's result to be spooled with a heartbeat", () -> {
            try {
                return heartbeatSpool.read(0, 1000).stream()
                        .flatMap(spooled -> spooled.heartbeat().getCheckResultsList().stream())
                        .anyMatch(result -> result.getCheckId().equals("web")
                                && result.getState() == CheckResult.State.STATE_OK);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
