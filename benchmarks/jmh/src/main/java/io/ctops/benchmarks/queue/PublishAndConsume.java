package io.ctops.benchmarks.queue;

import io.ctops.sdk.queue.spi.QueueBackend;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What every queue benchmark measures: one producer (the benchmark thread) publishes ~200-byte records
 * with {@code publishAsync}, one {@link CountingConsumer} thread polls and commits them, and the
 * producer stays within {@link BenchRecords#WINDOW} records of the consumer, so the score (records/s)
 * is what both sustain together. A subclass opens its backend in its trial set-up and hands it to
 * {@link #measure}; JMH names the inherited benchmark after the subclass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public abstract class PublishAndConsume {

    private final BenchRecords records = new BenchRecords();
    private final CpuMeter cpu = new CpuMeter();
    private QueueBackend queue;
    private CountingConsumer consumer;
    private long published;

    /** Starts consuming from the backend the subclass opened. */
    protected void measure(QueueBackend backend) {
        queue = backend;
        consumer = new CountingConsumer(backend, "bench", BenchRecords.TOPIC);
    }

    /** How long one batch may wait for the consumer before the run fails. */
    protected abstract Duration consumeTimeout();

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
        consumer.awaitConsumed(published - BenchRecords.WINDOW, consumeTimeout());
    }

    /** Stops the consumer; the subclass then closes its backend. */
    protected void stopConsuming() throws InterruptedException {
        consumer.close();
    }
}
