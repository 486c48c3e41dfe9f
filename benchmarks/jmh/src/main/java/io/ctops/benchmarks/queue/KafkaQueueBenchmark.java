package io.ctops.benchmarks.queue;

import io.ctops.plugin.queuekafka.KafkaQueue;
import io.ctops.plugin.queuekafka.KafkaTestBroker;
import io.ctops.sdk.queue.spi.QueueSettings;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The queue-kafka plugin's backend, end to end against a real broker: one producer publishes ~200-byte
 * records with {@code publishAsync} (idempotent producer, {@code acks=all}), one consumer polls and
 * commits them, as in {@link WalQueueBenchmark}. The benchmark starts a 1-node KRaft broker in its own
 * JVM (-Xmx512m, full JIT) on this machine and stops it afterwards; topics have 6 partitions.
 */
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class KafkaQueueBenchmark extends PublishAndConsume {

    private KafkaTestBroker broker;
    private KafkaQueue queue;

    @Setup(Level.Trial)
    public void open() {
        BenchRecords.printMachine("Kafka queue (1-node KRaft broker in its own JVM, -Xmx512m)");
        broker = KafkaTestBroker.create().withFullJit();
        broker.start();
        queue = KafkaQueue.open(new QueueSettings(List.of(broker.bootstrap()), 6, 1,
                "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".", "bench", Duration.ofSeconds(30)));
        measure(queue);
    }

    @Override
    protected Duration consumeTimeout() {
        return Duration.ofSeconds(120);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        stopConsuming();
        queue.close();
        broker.close();
    }
}
