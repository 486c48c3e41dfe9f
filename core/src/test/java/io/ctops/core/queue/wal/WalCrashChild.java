package io.ctops.core.queue.wal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ctops.core.queue.QueueMetrics;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The process {@link WalCrashTest} kills: publishes with fsync ALWAYS from a few threads and prints
 * {@code ACK <key> <seq>} after each publish returned, while another thread consumes and prints
 * {@code COMMITTED <offset>} after each commit returned. Runs until killed.
 */
public final class WalCrashChild {

    static final Topic<EventRaw> TOPIC = Topic.of("test.crash", EventRaw.parser());
    static final String GROUP = "crash-consumer";
    static final int PUBLISHERS = 3;

    private WalCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        // unbuffered, and each line goes out in one write: a line that is in the file was acknowledged
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
        WalSettings settings = WalSettings.defaults().withSegmentBytes(64 * 1024);
        WalQueue queue = new WalQueue(Path.of(args[0]), settings, new QueueMetrics(), Clock.systemUTC());
        for (int p = 0; p < PUBLISHERS; p++) {
            String key = "k" + p;
            Thread publisher = new Thread(() -> {
                for (long seq = 0; ; seq++) {
                    queue.publish(TOPIC, key, EventRaw.newBuilder().setHostId(key).setMessage(key + ":" + seq).build());
                    out.print("ACK " + key + " " + seq + "\n");
                }
            }, "publisher-" + key);
            publisher.start();
        }
        Thread consumer = new Thread(() -> {
            try {
                while (true) {
                    List<QueueRecord<?>> batch = queue.poll(GROUP, List.of(TOPIC), 200, Duration.ofMillis(100));
                    if (!batch.isEmpty()) {
                        queue.commit(GROUP, batch);
                        out.print("COMMITTED " + (batch.get(batch.size() - 1).offset() + 1) + "\n");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "consumer");
        consumer.start();
        out.print("READY\n");
        consumer.join();
    }
}
