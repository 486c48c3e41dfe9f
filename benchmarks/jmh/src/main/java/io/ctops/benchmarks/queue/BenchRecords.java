package io.ctops.benchmarks.queue;

import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.Topic;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;

/** What every queue benchmark publishes, and the machine line each one prints. */
final class BenchRecords {

    static final Topic<EventRaw> TOPIC = Topic.of("bench.events", EventRaw.parser());
    /** Records published between two looks at the consumer. */
    static final int BATCH = 1000;
    /** How far the producer may run ahead of the consumer. */
    static final long WINDOW = 20_000;
    private static final int DISTINCT = 1024;

    private final EventRaw[] messages = new EventRaw[DISTINCT];
    private final String[] keys = new String[DISTINCT];
    /** Publishes in flight at most: a producer that never waits would only measure memory. */
    static final int IN_FLIGHT = 8192;
    private final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[IN_FLIGHT];

    BenchRecords() {
        for (int i = 0; i < DISTINCT; i++) {
            // ~200 bytes, as the heartbeat's events and metrics are; keys are host ids, 100 hosts
            keys[i] = "host-" + (i % 100);
            messages[i] = EventRaw.newBuilder().setHostId(keys[i]).setKind("bench")
                    .setMessage(String.format("%06d ", i) + "x".repeat(170)).build();
        }
    }

    EventRaw message(long i) {
        return messages[(int) (i % DISTINCT)];
    }

    String key(long i) {
        return keys[(int) (i % DISTINCT)];
    }

    /**
     * Keeps the future of record {@code n}, first waiting for (and checking) the one published
     * {@link #IN_FLIGHT} records earlier, so the producer never waits for a single record's fsync.
     */
    void track(long n, CompletableFuture<?> published) {
        int slot = (int) (n % IN_FLIGHT);
        CompletableFuture<?> earlier = inFlight[slot];
        if (earlier != null) {
            earlier.join();
        }
        inFlight[slot] = published;
    }

    int payloadBytes() {
        return messages[0].getSerializedSize();
    }

    /** Cores and memory, printed by each benchmark so its figures can be read against the machine. */
    static void printMachine(String what) {
        long physical = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        System.out.printf("%n# %s: %d cores, %.1f GiB memory, %d MiB max heap, payload %d bytes%n", what,
                Runtime.getRuntime().availableProcessors(), physical / (1024.0 * 1024 * 1024),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), new BenchRecords().payloadBytes());
    }
}
