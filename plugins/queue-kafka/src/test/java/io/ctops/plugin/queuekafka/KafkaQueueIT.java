package io.ctops.plugin.queuekafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.spi.QueueSettings;
import io.ctops.sdk.testkit.CtopsTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka queue against a real broker: round trip, redelivery, consumers in other JVMs killed and sharing a group. */
class KafkaQueueIT {

    static final int PARTITIONS = 4;
    static final Topic<EventRaw> EVENTS = Topic.of("test.events", EventRaw.parser());

    @RegisterExtension
    static final KafkaTestBroker broker = KafkaTestBroker.create();

    @TempDir
    Path temp;

    @Test
    void recordsComeBackInKeyOrderAndUncommittedOnesComeAgain() throws Exception {
        String prefix = uniquePrefix();
        try (KafkaQueue queue = KafkaQueue.open(settings(prefix))) {
            assertEquals(java.util.Optional.empty(), queue.healthProblem());
            publish(queue, 60, 6);
            List<Topic<?>> topics = List.of(EVENTS);

            List<QueueRecord<?>> first = pollUntilAny(queue, "round-trip", topics);
            List<QueueRecord<?>> again = pollUntilAny(queue, "round-trip", topics);
            assertEquals(first.stream().map(QueueRecord::offset).toList(), again.stream().map(QueueRecord::offset).toList(),
                    "an uncommitted batch is delivered again, as it was");

            List<QueueRecord<?>> all = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (all.size() < 60 && System.nanoTime() < deadline) {
                List<QueueRecord<?>> batch = queue.poll("round-trip", topics, 7, Duration.ofMillis(500));
                all.addAll(batch);
                queue.commit("round-trip", batch);
            }
            assertEquals(60, all.size(), "each record once after commits");
            Map<String, List<Integer>> byKey = new TreeMap<>();
            all.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(sequence(r)));
            byKey.forEach((key, sequences) -> assertEquals(sequences.stream().sorted().toList(), sequences, "order of " + key));
            assertEquals(60, all.stream().map(QueueRecord::offset).distinct().count(), "offsets are unique per topic");
            assertTrue(queue.poll("round-trip", topics, 10, Duration.ofMillis(300)).isEmpty());
            CtopsTestServer.await("lag 0", Duration.ofSeconds(10), () -> Map.of(EVENTS.name(), 0L).equals(queue.lag("round-trip", topics)));
            assertEquals(Map.of(EVENTS.name(), 60L), queue.lag("never-read", topics), "a new group starts at the beginning");

            try (Admin admin = admin()) {
                TopicDescription topic = admin.describeTopics(List.of(prefix + EVENTS.name())).allTopicNames().get()
                        .get(prefix + EVENTS.name());
                assertEquals(PARTITIONS, topic.partitions().size());
                assertTrue(admin.listTopics().names().get().contains(prefix + "metrics.raw"), "core topics are created at start");
            }
        }
    }

    @Test
    void aConsumerJvmKilledMidStreamLosesNothing() throws Exception {
        String prefix = uniquePrefix();
        Path output = temp.resolve("killed.txt");
        try (KafkaQueue queue = KafkaQueue.open(settings(prefix))) {
            publish(queue, 300, 12);
            Process first = child(prefix, "killed", output, 100);
            try {
                CtopsTestServer.await("the first consumer read some", Duration.ofSeconds(60), () -> lines(output).size() >= 60);
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, between any two steps
            } finally {
                first.destroyForcibly();
            }
            int beforeRestart = lines(output).size();
            assertTrue(beforeRestart < 300, "killed mid-stream, not after the end (" + beforeRestart + " read)");
            publishFrom(queue, 300, 200, 12); // more arrive while no consumer runs
            Process second = child(prefix, "killed", output, 0);
            try {
                CtopsTestServer.await("every record consumed", Duration.ofSeconds(60), () -> messages(output).size() == 500);
            } finally {
                second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertEquals(expected(500), messages(output));
        }
    }

    @Test
    void twoConsumersInOneGroupShareThePartitions() throws Exception {
        String prefix = uniquePrefix();
        Path one = temp.resolve("one.txt");
        Path two = temp.resolve("two.txt");
        try (KafkaQueue queue = KafkaQueue.open(settings(prefix)); Admin admin = admin()) {
            queue.poll("unused", List.of(EVENTS), 1, Duration.ofMillis(10)); // creates the topic before the consumers subscribe
            Process a = child(prefix, "shared", one, 0);
            Process b = child(prefix, "shared", two, 0);
            try {
                CtopsTestServer.await("both members hold partitions", Duration.ofSeconds(60), () -> {
                    ConsumerGroupDescription group = describe(admin, prefix + "shared");
                    return group != null && group.members().size() == 2
                            && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                });
                publish(queue, 400, 40);
                CtopsTestServer.await("all consumed", Duration.ofSeconds(60), () -> {
                    Set<String> union = new HashSet<>(messages(one));
                    union.addAll(messages(two));
                    return union.size() == 400;
                });
            } finally {
                a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                b.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Set<Integer> partitionsOfOne = partitions(one);
            Set<Integer> partitionsOfTwo = partitions(two);
            assertFalse(partitionsOfOne.isEmpty(), "the first consumer got some partitions");
            assertFalse(partitionsOfTwo.isEmpty(), "the second consumer got some partitions");
            assertTrue(java.util.Collections.disjoint(partitionsOfOne, partitionsOfTwo),
                    "each partition has one reader: " + partitionsOfOne + " / " + partitionsOfTwo);
            assertEquals(PARTITIONS, partitionsOfOne.size() + partitionsOfTwo.size());
            Set<String> union = new TreeSet<>(messages(one));
            union.addAll(messages(two));
            assertEquals(expected(400), union);
        }
    }

    @Test
    void asyncPublishesCompleteOnceAcknowledgedAndKeepKeyOrder() throws Exception {
        String prefix = uniquePrefix();
        KafkaQueue queue = KafkaQueue.open(settings(prefix));
        try {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                futures.add(queue.publishAsync(EVENTS, "host-" + (i % 5), EventRaw.newBuilder().setMessage(String.format("m%05d", i)).build()));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            List<QueueRecord<?>> all = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (all.size() < 500 && System.nanoTime() < deadline) {
                List<QueueRecord<?>> batch = queue.poll("async", List.of(EVENTS), 100, Duration.ofMillis(500));
                all.addAll(batch);
                queue.commit("async", batch);
            }
            assertEquals(500, all.size(), "every acknowledged record is there");
            Map<String, List<Integer>> byKey = new TreeMap<>();
            all.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(sequence(r)));
            byKey.forEach((key, sequences) -> assertEquals(sequences.stream().sorted().toList(), sequences, "order of " + key));
        } finally {
            queue.close();
        }
        CompletableFuture<Void> afterClose = queue.publishAsync(EVENTS, "host-0", EventRaw.newBuilder().setMessage("late").build());
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, afterClose::get);
        assertTrue(refused.getCause() instanceof QueueException, "fails with the SDK's exception: " + refused.getCause());
    }

    static QueueSettings settings(String prefix) {
        return new QueueSettings(List.of(broker.bootstrap()), PARTITIONS, 1, prefix, "it", Duration.ofSeconds(5));
    }

    private static String uniquePrefix() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    private static void publish(KafkaQueue queue, int count, int keys) {
        publishFrom(queue, 0, count, keys);
    }

    private static void publishFrom(KafkaQueue queue, int from, int count, int keys) {
        for (int i = from; i < from + count; i++) {
            queue.publish(EVENTS, "host-" + (i % keys), EventRaw.newBuilder().setMessage(String.format("m%05d", i)).build());
        }
    }

    private static int sequence(QueueRecord<?> record) {
        return Integer.parseInt(record.payloadOf(EVENTS).getMessage().substring(1));
    }

    private static List<QueueRecord<?>> pollUntilAny(KafkaQueue queue, String group, List<Topic<?>> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<QueueRecord<?>> batch = queue.poll(group, topics, 5, Duration.ofMillis(500));
            if (!batch.isEmpty()) {
                return batch;
            }
        }
        throw new AssertionError("nothing polled within 30 s");
    }

    private static Set<String> expected(int count) {
        Set<String> all = new TreeSet<>();
        IntStream.range(0, count).forEach(i -> all.add(String.format("m%05d", i)));
        return all;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> messages(Path file) {
        Set<String> messages = new TreeSet<>();
        lines(file).forEach(line -> messages.add(line.substring(line.lastIndexOf(' ') + 1)));
        return messages;
    }

    private static Set<Integer> partitions(Path file) {
        Set<Integer> partitions = new TreeSet<>();
        lines(file).forEach(line -> partitions.add(KafkaOffsets.partition(Long.parseLong(line.substring(0, line.indexOf(' '))))));
        return partitions;
    }

    private static Process child(String prefix, String group, Path output, long pauseMillis) throws IOException {
        Path log = output.resolveSibling(output.getFileName() + ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                KafkaConsumerChild.class.getName(), broker.bootstrap(), prefix, group, output.toString(), String.valueOf(pauseMillis))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static Admin admin() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "it-admin-" + UUID.randomUUID());
        return Admin.create(config);
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) {
        try {
            Map<String, ConsumerGroupDescription> groups = new LinkedHashMap<>(
                    admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS));
            return groups.get(group);
        } catch (Exception e) {
            return null;
        }
    }
}
