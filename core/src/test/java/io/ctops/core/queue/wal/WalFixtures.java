package io.ctops.core.queue.wal;

import io.ctops.core.queue.QueueMetrics;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Shared helpers of the WAL tests: a test topic, messages, and a look at the files on disk. */
final class WalFixtures {

    static final Topic<EventRaw> EVENTS = Topic.of("test.events", EventRaw.parser());
    static final Topic<EventRaw> OTHER = Topic.of("test.other", EventRaw.parser());
    static final List<Topic<?>> EVENTS_ONLY = List.of(EVENTS);

    private WalFixtures() {
    }

    static WalQueue open(Path dir, WalSettings settings, QueueMetrics metrics) {
        return new WalQueue(dir, settings, metrics, Clock.systemUTC());
    }

    static WalQueue open(Path dir, WalSettings settings) {
        return open(dir, settings, new QueueMetrics());
    }

    static EventRaw event(String key, String message) {
        return EventRaw.newBuilder().setHostId(key).setMessage(message).build();
    }

    static void publish(WalQueue queue, String key, String message) {
        queue.publish(EVENTS, key, event(key, message));
    }

    static List<String> messages(List<QueueRecord<?>> batch) {
        return batch.stream().map(r -> r.payloadOf(EVENTS).getMessage()).toList();
    }

    static List<Long> offsets(List<QueueRecord<?>> batch) {
        return batch.stream().map(QueueRecord::offset).toList();
    }

    /** Everything the group has not committed, however many polls that takes. */
    static List<QueueRecord<?>> drain(WalQueue queue, String group, List<Topic<?>> topics) throws InterruptedException {
        List<QueueRecord<?>> all = new ArrayList<>();
        List<QueueRecord<?>> batch;
        while (!(batch = queue.poll(group, topics, 1000, Duration.ZERO)).isEmpty()) {
            all.addAll(batch);
            queue.commit(group, batch);
        }
        return all;
    }

    static Path topicDir(Path queueDir, Topic<?> topic) {
        return queueDir.resolve("topics").resolve(topic.name());
    }

    static List<Path> segmentFiles(Path queueDir, Topic<?> topic) throws IOException {
        try (Stream<Path> files = Files.list(topicDir(queueDir, topic))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    /** Start positions of the frames of an intact segment file, by walking their length fields. */
    static List<Long> framePositions(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> positions = new ArrayList<>();
        while (bytes.remaining() >= RecordCodec.HEADER_BYTES) {
            positions.add((long) bytes.position());
            int length = bytes.getInt(bytes.position());
            bytes.position(bytes.position() + RecordCodec.HEADER_BYTES + length);
        }
        return positions;
    }

    /** The offset of the first record of a segment file, read from its first frame. */
    static long firstOffset(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        return ByteBuffer.wrap(bytes).getLong(RecordCodec.HEADER_BYTES);
    }

    static void flipByte(Path file, long position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= 0x5a;
        Files.write(file, bytes);
    }
}
