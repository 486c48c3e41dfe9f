package io.ctops.plugin.queuekafka.bench;

import io.ctops.plugin.queuekafka.KafkaQueue;
import io.ctops.plugin.queuekafka.KafkaTestBroker;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.spi.QueueSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Not a test: publish throughput of the Kafka queue (idempotent producer, acks=all, every publish waiting
 * for its acknowledgement as ingest's do) against a real single-node broker on this machine, with the
 * ~200-byte records of {@code WalQueueBenchmark}. Run with
 * {@code mvn -B -pl plugins/queue-kafka -am -Pkafka-benchmark -DskipTests verify} (optional argument: records per run).
 */
public final class KafkaPublishBenchmark {

    private static final Topic<EventRaw> TOPIC = Topic.of("bench.events", EventRaw.parser());

    private KafkaPublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        System.out.printf("%d cores, payload %d bytes, %d records per run, broker: 1 KRaft node in its own JVM (-Xmx512m)%n",
                Runtime.getRuntime().availableProcessors(), message(0).getSerializedSize(), records);
        try (KafkaTestBroker broker = KafkaTestBroker.create().withFullJit()) {
            broker.start();
            QueueSettings settings = new QueueSettings(List.of(broker.bootstrap()), 6, 1,
                    "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".", "bench", Duration.ofSeconds(30));
            try (KafkaQueue queue = KafkaQueue.open(settings)) {
                run(queue, 8, records / 5, false); // warm-up: JIT, topic metadata, connections
                run(queue, 1, Math.max(1, records / 10), true);
                run(queue, 8, records, true);
                run(queue, 32, records, true);
            }
        }
    }

    private static void run(KafkaQueue queue, int threads, int records, boolean print) throws InterruptedException {
        int perThread = records / threads;
        List<Thread> publishers = new ArrayList<>();
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
        long published = (long) perThread * threads;
        if (print) {
            System.out.printf("acks=all %2d thread(s): %,9.0f records/s  (%d records in %.2f s, %.2f ms per publish)%n",
                    threads, published / seconds, published, seconds, seconds * 1000 * threads / published);
        }
    }

    private static EventRaw message(int i) {
        return EventRaw.newBuilder().setHostId("host-" + (i % 100)).setKind("bench")
                .setMessage(String.format("%06d ", i) + "x".repeat(170)).build();
    }
}
