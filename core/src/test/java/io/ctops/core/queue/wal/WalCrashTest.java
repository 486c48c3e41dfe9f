package io.ctops.core.queue.wal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.queue.QueueMetrics;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of publishing and consuming, then recovery: nothing acknowledged is lost. */
class WalCrashTest {

    private static final Pattern ACK = Pattern.compile("ACK (k\\d+) (\\d+)");
    private static final Pattern COMMITTED = Pattern.compile("COMMITTED (\\d+)");
    private static final List<Topic<?>> TOPICS = List.of(WalCrashChild.TOPIC);

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aKilledProcessLosesNoAcknowledgedRecord() throws Exception {
        Path queueDir = dir.resolve("queue");
        Path stdout = dir.resolve("child.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WalCrashChild.class.getName(), queueDir.toString())
                .redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(stdout, UTF_8).contains("READY") && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "child failed to start: " + Files.readString(dir.resolve("child.err")));
            Thread.sleep(1500); // publishing and consuming at full speed
            assertTrue(child.isAlive(), "still running when killed, so the kill lands mid-stream");
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
            child.waitFor(10, TimeUnit.SECONDS);
        }

        String output = Files.readString(stdout, UTF_8);
        output = output.substring(0, output.lastIndexOf('\n') + 1); // a line cut by the kill was never complete
        Map<String, Long> maxAcked = new HashMap<>();
        long acked = 0;
        long lastCommitted = 0;
        for (String line : output.split("\n")) {
            Matcher ack = ACK.matcher(line);
            Matcher committed = COMMITTED.matcher(line);
            if (ack.matches()) {
                maxAcked.merge(ack.group(1), Long.parseLong(ack.group(2)), Math::max);
                acked++;
            } else if (committed.matches()) {
                lastCommitted = Math.max(lastCommitted, Long.parseLong(committed.group(1)));
            }
        }
        assertEquals(WalCrashChild.PUBLISHERS, maxAcked.size(), "every publisher acknowledged records");
        assertTrue(acked > 100, "enough traffic to mean something: " + acked);
        assertTrue(lastCommitted > 0, "the consumer committed before the kill");

        try (WalQueue queue = new WalQueue(queueDir, WalSettings.defaults().withSegmentBytes(64 * 1024), new QueueMetrics(), Clock.systemUTC())) {
            assertTrue(queue.walMetrics().tornTailsByTopic().getOrDefault(WalCrashChild.TOPIC.name(), 0L) <= 1);

            List<QueueRecord<?>> everything = WalFixtures.drain(queue, "verifier", TOPICS);
            long end = everything.size();
            assertEquals(LongStream.range(0, end).boxed().toList(), WalFixtures.offsets(everything), "no gaps, nothing damaged");
            Map<String, Long> nextSeq = new HashMap<>();
            for (QueueRecord<?> record : everything) {
                String message = record.payloadOf(WalCrashChild.TOPIC).getMessage();
                long seq = nextSeq.getOrDefault(record.key(), 0L);
                assertEquals(record.key() + ":" + seq, message, "intact and in order per key");
                nextSeq.put(record.key(), seq + 1);
            }
            maxAcked.forEach((key, seq) -> assertTrue(nextSeq.getOrDefault(key, 0L) > seq,
                    key + ": acknowledged up to " + seq + " but only " + nextSeq.get(key) + " on disk"));
            assertEquals(Map.of(), queue.walMetrics().corruptRecordsByTopic(), "no record failed its CRC");

            long committed = committedOffset(queueDir);
            assertTrue(committed >= lastCommitted, "an acknowledged commit is durable: " + committed + " < " + lastCommitted);
            assertTrue(committed <= end, "the consumer never committed a record a crash could take back");
            List<QueueRecord<?>> remaining = WalFixtures.drain(queue, WalCrashChild.GROUP, TOPICS);
            assertEquals(LongStream.range(committed, end).boxed().toList(), WalFixtures.offsets(remaining),
                    "the consumer gets again everything it had not committed");
            assertTrue(committed + remaining.size() >= acked, "every acknowledged record is consumed at least once");
            System.out.printf("crash test: %d acknowledged, %d on disk, %d committed before the kill, %d redelivered, torn tails %s%n",
                    acked, end, committed, remaining.size(), queue.walMetrics().tornTailsByTopic());
        }
    }

    private static long committedOffset(Path queueDir) throws Exception {
        Path file = queueDir.resolve("groups").resolve(WalCrashChild.GROUP + ".offsets");
        String prefix = WalCrashChild.TOPIC.name() + "=";
        String line = Files.readAllLines(file, UTF_8).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
        assertNotNull(line, "the group's offsets file is intact after the kill");
        return Long.parseLong(line.substring(prefix.length()));
    }
}
