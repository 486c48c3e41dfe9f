package io.ctops.benchmarks.queue;

import io.ctops.core.queue.QueueMetrics;
import io.ctops.core.queue.wal.FsyncPolicy;
import io.ctops.core.queue.wal.WalQueue;
import io.ctops.core.queue.wal.WalSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The local write-ahead-log queue, end to end: one producer (the benchmark thread) publishes ~200-byte
 * records with {@code publishAsync}, one consumer thread polls and commits them; the producer stays
 * within {@link BenchRecords#WINDOW} records of the consumer, so the score (records/s) is what both
 * sustain together. {@code fsync=ALWAYS} is the server's default: group commit, a publish completes
 * after the fsync covering it. The log lives in a temp directory on the disk of {@code java.io.tmpdir}.
 */
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class WalQueueBenchmark extends PublishAndConsume {

    @Param({"NEVER", "ALWAYS"})
    public FsyncPolicy fsync;

    private Path dir;
    private WalQueue queue;

    @Setup(Level.Trial)
    public void open() throws IOException {
        BenchRecords.printMachine("WAL queue, fsync " + fsync);
        dir = Files.createTempDirectory("wal-jmh");
        // segments as in production; retention out of the way of a benchmark that writes gigabytes
        queue = new WalQueue(dir, WalSettings.defaults().withFsync(fsync).withRetentionBytes(512L * 1024 * 1024)
                        .withRetentionCheckInterval(Duration.ofSeconds(5)),
                new QueueMetrics(), Clock.systemUTC());
        measure(queue);
    }

    @Override
    protected Duration consumeTimeout() {
        return Duration.ofSeconds(60);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        stopConsuming();
        queue.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
