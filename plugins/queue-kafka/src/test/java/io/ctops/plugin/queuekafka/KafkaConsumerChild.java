package io.ctops.plugin.queuekafka;

import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.spi.QueueSettings;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A consumer in its own JVM, for tests that kill it: reads one group with the Kafka queue, appends
 * {@code <offset> <key> <message>} per record to a file, and commits only after the lines were written,
 * as the server's consumer runtime does after a handler. Runs until killed.
 *
 * <p>Arguments: bootstrap, topic prefix, group, output file, milliseconds to pause after each batch.
 */
public final class KafkaConsumerChild {

    private KafkaConsumerChild() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String prefix = args[1];
        String group = args[2];
        Path output = Path.of(args[3]);
        long pauseMillis = Long.parseLong(args[4]);
        QueueSettings settings = new QueueSettings(List.of(bootstrap), KafkaQueueIT.PARTITIONS, 1, prefix, "child-" + group,
                Duration.ofSeconds(5));
        List<Topic<?>> topics = List.of(KafkaQueueIT.EVENTS);
        try (KafkaQueue queue = KafkaQueue.open(settings); OutputStream out = new FileOutputStream(output.toFile(), true)) {
            System.out.println("consumer ready");
            while (true) {
                List<QueueRecord<?>> batch = queue.poll(group, topics, 10, Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    continue;
                }
                StringBuilder lines = new StringBuilder();
                for (QueueRecord<?> record : batch) {
                    lines.append(record.offset()).append(' ').append(record.key()).append(' ')
                            .append(record.payloadOf(KafkaQueueIT.EVENTS).getMessage()).append('\n');
                }
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                queue.commit(group, batch);
                Thread.sleep(pauseMillis);
            }
        }
    }
}
