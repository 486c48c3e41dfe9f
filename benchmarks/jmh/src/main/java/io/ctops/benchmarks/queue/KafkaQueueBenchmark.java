package io.ctops.benchmarks.queue;

import io.ctops.plugin.queuekafka.KafkaQueue;
import io.ctops.plugin.queuekafka.KafkaTestBroker;
import io.ctops.sdk.queue.spi.QueueSettings;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The queue-kafka plugin's backend, end to end against a real broker: one producer publishes ~200-byte
 * records with {@code publishAsync} (idempotent producer, {@code acks=all}), one consumer polls and
 * commits them, as in {@link WalQueueBenchmark}. The benchmark starts a 1-node KRaft broker in its own
 * JVM (-Xmx512m, full JIT) on this machine and stops it afterwards; topics have 6 partitions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class KafkaQueueBenchmark {

    private final BenchRecords records = new BenchRecords();
    private KafkaTestBroker broker;
    private KafkaQueue queue;
    private CountingConsumer consumer;
    private long published;
    private final CpuMeter cpu = new CpuMeter();

    @Setup(Level.Trial)
    public void open() {
        BenchRecords.printMachine("Kafka queue (1-node KRaft broker in its own JVM, -Xmx512m)");
        broker = KafkaTestBroker.create().withFullJit();
        broker.start();
        queue = KafkaQueue.open(new QueueSettings(List.of(broker.bootstrap()), 6, 1,
                "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".", "bench", Duration.ofSeconds(30)));
        consumer = new CountingConsumer(queue, "bench", BenchRecords.TOPIC);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start(consumer.consumed());
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        cpu.print(consumer.consumed());
    }

    @Benchmark
    @OperationsPerInvocation(BenchRecords.BATCH)
    public void publishAndConsume() {
        for (int i = 0; i < BenchRecords.BATCH; i++) {
            long n = published + i;
            records.track(n, queue.publishAsync(BenchRecords.TOPIC, records.key(n), records.message(n)));
        }
        published += BenchRecords.BATCH;
        consumer.awaitConsumed(published - BenchRecords.WINDOW, Duration.ofSeconds(120));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        consumer.close();
        queue.close();
        broker.close();
    }
}
