package io.ctops.core.queue.wal;

import io.ctops.core.queue.QueueMetrics;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a test: publish throughput of the WAL queue with ~200-byte records, per fsync policy and thread
 * count. Run with the test class path: {@code java -cp ... io.ctops.core.queue.wal.WalQueueBenchmark [records]}.
 */
public final class WalQueueBenchmark {

    private static final Topic<EventRaw> TOPIC = Topic.of("bench.events", EventRaw.parser());

    private WalQueueBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        EventRaw sample = message(0);
        System.out.printf("%d cores, payload %d bytes, %d records per run%n",
                Runtime.getRuntime().availableProcessors(), sample.getSerializedSize(), records);
        run(FsyncPolicy.NEVER, 1, records, false); // warm-up: JIT and page cache
        run(FsyncPolicy.ALWAYS, 8, records);
        run(FsyncPolicy.ALWAYS, 1, Math.max(1, records / 10));
        run(FsyncPolicy.NEVER, 8, records);
        run(FsyncPolicy.NEVER, 1, records);
    }

    private static void run(FsyncPolicy policy, int threads, int records) throws Exception {
        run(policy, threads, records, true);
    }

    private static void run(FsyncPolicy policy, int threads, int records, boolean print) throws Exception {
        Path dir = Files.createTempDirectory("wal-bench");
        try {
            WalQueue queue = new WalQueue(dir, WalSettings.defaults().withFsync(policy), new QueueMetrics(), Clock.systemUTC());
            List<Thread> publishers = new ArrayList<>();
            int perThread = records / threads;
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                String key = "host-" + t;
                Thread publisher = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        queue.publish(TOPIC, key, message(i));
                    }
                });
                publisher.start();
                publishers.add(publisher);
            }
            for (Thread publisher : publishers) {
                publisher.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long fsyncs = queue.walMetrics().fsyncsByTopic().getOrDefault(TOPIC.name(), 0L);
            queue.close();
            long published = (long) perThread * threads;
            if (!print) {
                return;
            }
            System.out.printf("fsync %-6s %d thread(s): %,9.0f records/s  (%d records in %.2f s, %d fsyncs%s)%n",
                    policy, threads, published / seconds, published, seconds, fsyncs,
                    fsyncs > 0 ? String.format(", %.1f records per fsync", (double) published / fsyncs) : "");
        } finally {
            delete(dir);
        }
    }

    private static EventRaw message(int i) {
        return EventRaw.newBuilder().setHostId("host-" + (i % 100)).setKind("bench")
                .setMessage(String.format("%06d ", i) + "x".repeat(170)).build();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
