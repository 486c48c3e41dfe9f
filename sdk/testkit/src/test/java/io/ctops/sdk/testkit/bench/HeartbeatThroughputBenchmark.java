package io.ctops.sdk.testkit.bench;

import com.google.protobuf.Timestamp;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.testkit.AgentStream;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.TestAgent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: how many heartbeats per second one server (real PostgreSQL, the local WAL queue with
 * fsync on every publish, real mTLS) acknowledges and stores. Each agent sends back to back, marked
 * replayed so the per-interval rate limit does not apply and every heartbeat is stored and published.
 *
 * <p>Run: {@code mvn -pl sdk/testkit test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.ctops.sdk.testkit.bench.HeartbeatThroughputBenchmark -Dexec.args="100 20"}
 * (agents, seconds).
 */
public final class HeartbeatThroughputBenchmark {

    private HeartbeatThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        CtopsTestServer server = CtopsTestServer.withPluginJars();
        server.beforeAll(null);
        try {
            UUID org = server.createOrganisation("bench");
            String token = server.identity().tokens().create(org, NewEnrolmentToken.named("bench", true), "bench").secret();
            List<TestAgent> fleet = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                TestAgent agent = TestAgent.create("bench-" + i, "10.200." + (i / 250) + "." + (i % 250 + 1));
                agent.register(server, token);
                fleet.add(agent);
            }
            AtomicLong acked = new AtomicLong();
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            CountDownLatch done = new CountDownLatch(agents);
            long started = System.nanoTime();
            for (TestAgent agent : fleet) {
                Thread thread = new Thread(() -> {
                    try (AgentStream stream = agent.stream(server)) {
                        long sequence = 0;
                        while (System.nanoTime() < deadline) {
                            stream.exchange(heartbeat(++sequence));
                            acked.incrementAndGet();
                        }
                    } finally {
                        done.countDown();
                    }
                });
                thread.setDaemon(true);
                thread.start();
            }
            done.await();
            double elapsed = (System.nanoTime() - started) / 1e9;
            System.out.printf("heartbeat throughput: %d agents, %.1f s, %d heartbeats acknowledged and stored, %.0f/s "
                            + "(cores %d, max heap %d MiB; client and server in one JVM)%n",
                    agents, elapsed, acked.get(), acked.get() / elapsed, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            fleet.forEach(TestAgent::close);
        } finally {
            server.afterAll(null);
        }
    }

    private static HeartbeatRequest heartbeat(long sequence) {
        Instant now = Instant.now();
        return HeartbeatRequest.newBuilder().setSequence(sequence).setReplayed(true).setIntervalSecs(10)
                .setSentAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setVitals(Vitals.newBuilder().setCpuPercent(12.5).setMemoryPercent(40).setRootDiskPercent(55).setLoad1(0.4))
                .build();
    }
}
