package io.ctops.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.plugin.RunningPlugin;
import io.ctops.proto.queue.v1.DeadLetter;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.queue.QueueConsumer;
import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import io.ctops.sdk.queue.spi.QueueBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import io.ctops.core.queue.wal.FsyncPolicy;
import io.ctops.core.queue.wal.WalQueue;
import io.ctops.core.queue.wal.WalSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerRuntimeTest {

    @TempDir
    Path directory;
    private WalQueue queue;
    private ConsumerRuntime runtime;

    @BeforeEach
    void start() {
        queue = new WalQueue(directory, WalSettings.defaults().withFsync(FsyncPolicy.NEVER), new QueueMetrics(), Clock.systemUTC());
        runtime = new ConsumerRuntime(queue);
    }

    @AfterEach
    void stop() {
        runtime.close();
        queue.close();
    }

    @Test
    void aRecordTheHandlerKeepsRejectingIsDeadLetteredWithItsErrorAndTheRestIsHandled() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        runtime.started(plugin(consumer("test.poison", batch -> {
            for (QueueRecord<?> record : batch) {
                if (message(record).equals("poison")) {
                    throw new IllegalStateException("cannot parse poison");
                }
            }
            batch.forEach(r -> handled.add(message(r)));
        })));
        publish("a", "poison", "b", "c");

        List<DeadLetter> letters = awaitDeadLetters(1);
        DeadLetter letter = letters.get(0);
        assertEquals("test.poison", letter.getGroup());
        assertEquals("events.raw", letter.getTopic());
        assertEquals("poison", EventRaw.parseFrom(letter.getPayload()).getMessage());
        assertTrue(letter.getError().contains("cannot parse poison"), letter.getError());
        await(() -> handled.containsAll(List.of("a", "b", "c")));
        // the commit follows the handler's return: wait for it rather than race it
        await(() -> Map.of("events.raw", 0L).equals(runtime.lag().get("test.poison")));
    }

    @Test
    void aConsumerThatLingersGetsTricklingRecordsInFewerBatches() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        QueueConsumer lingering = lingering("test.linger", Duration.ofMillis(400), batch -> batchSizes.add(batch.size()));
        runtime.started(plugin(lingering));
        for (int i = 0; i < 40; i++) { // 40 records over about 2 s, one at a time
            publish("r" + i);
            Thread.sleep(50);
        }
        await(() -> batchSizes.stream().mapToInt(Integer::intValue).sum() == 40);
        // without lingering each record would be a batch of its own; with 400 ms about 8 come per batch
        assertTrue(batchSizes.size() <= 12, "batches: " + batchSizes);
    }

    @Test
    void theTimeSpentHandlingABatchCountsTowardsTheLinger() throws Exception {
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        QueueConsumer slow = lingering("test.slow-linger", Duration.ofMillis(400), batch -> {
            startedAt.add(System.nanoTime());
            Thread.sleep(400);
        });
        runtime.started(plugin(slow));
        for (int i = 0; i < 60; i++) { // records all the time, for about 3 s
            publish("s" + i);
            Thread.sleep(50);
        }
        await(() -> startedAt.size() >= 6);
        double meanGapMs = (startedAt.get(startedAt.size() - 1) - startedAt.get(0)) / 1e6 / (startedAt.size() - 1);
        // handling 400 ms + lingering 400 ms after it would be a batch every 800 ms
        assertTrue(meanGapMs < 650, "a batch every " + meanGapMs + " ms");
    }

    @Test
    void aFailureOfEveryRecordIsRetriedNotDeadLettered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        runtime.started(plugin(consumer("test.outage", batch -> {
            if (calls.incrementAndGet() <= 8) {
                throw new IllegalStateException("database unavailable");
            }
            batch.forEach(r -> handled.add(message(r)));
        })));
        publish("x", "y", "z");
        await(() -> handled.containsAll(List.of("x", "y", "z")));
        assertTrue(queue.poll("dead-letter-reader", List.of(Topics.DEAD_LETTER), 10, Duration.ZERO).isEmpty(),
                "an outage must not send records to the dead-letter topic");
    }

    @Test
    void aQueueThatFailsForAWhileIsRetriedAndTheGroupIsReleasedOnStop() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        List<String> released = new CopyOnWriteArrayList<>();
        QueueBackend flaky = new QueueBackend() {
            @Override
            public <T extends com.google.protobuf.Message> void publish(Topic<T> topic, String key, T message) {
                queue.publish(topic, key, message);
            }

            @Override
            public List<QueueRecord<?>> poll(String group, List<Topic<?>> topics, int max, Duration wait) throws InterruptedException {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new QueueException("broker unreachable");
                }
                return queue.poll(group, topics, max, wait);
            }

            @Override
            public void commit(String group, List<QueueRecord<?>> batch) {
                queue.commit(group, batch);
            }

            @Override
            public Map<String, Long> lag(String group, List<Topic<?>> topics) {
                return queue.lag(group, topics);
            }

            @Override
            public void release(String group) {
                released.add(group);
            }

            @Override
            public void close() {
            }
        };
        List<String> handled = new CopyOnWriteArrayList<>();
        ConsumerRuntime own = new ConsumerRuntime(flaky);
        RunningPlugin plugin = plugin(consumer("test.flaky", batch -> batch.forEach(r -> handled.add(message(r)))));
        own.started(plugin);
        publish("p", "q");
        await(() -> handled.containsAll(List.of("p", "q")));
        own.stopping(plugin);
        assertEquals(List.of("test.flaky"), released);
        own.close();
    }

    private interface Handler {
        void handle(List<QueueRecord<?>> batch) throws Exception;
    }

    private static QueueConsumer consumer(String group, Handler handler) {
        return lingering(group, Duration.ZERO, handler);
    }

    private static QueueConsumer lingering(String group, Duration linger, Handler handler) {
        return new QueueConsumer() {
            @Override
            public String group() {
                return group;
            }

            @Override
            public List<Topic<?>> topics() {
                return List.of(Topics.EVENTS_RAW);
            }

            @Override
            public Duration linger() {
                return linger;
            }

            @Override
            public void handle(List<QueueRecord<?>> batch) throws Exception {
                handler.handle(batch);
            }
        };
    }

    private static RunningPlugin plugin(QueueConsumer consumer) {
        return new RunningPlugin("test", "1.0.0", new UnusedContext(), ConsumerRuntimeTest.class.getClassLoader(),
                Map.of(QueueConsumer.class, List.of(consumer)));
    }

    private void publish(String... messages) {
        for (String m : messages) {
            queue.publish(Topics.EVENTS_RAW, "host-1", EventRaw.newBuilder().setMessage(m).build());
        }
    }

    private List<DeadLetter> awaitDeadLetters(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<QueueRecord<?>> letters = queue.poll("dead-letter-reader", List.of(Topics.DEAD_LETTER), 10, Duration.ofMillis(200));
            if (letters.size() >= count) {
                return letters.stream().map(r -> r.payloadOf(Topics.DEAD_LETTER)).toList();
            }
        }
        throw new AssertionError("no dead letter within 20 s");
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }

    private static String message(QueueRecord<?> record) {
        return record.payloadOf(Topics.EVENTS_RAW).getMessage();
    }

    /** The consumers here never use their plugin's services. */
    private static final class UnusedContext implements PluginContext {
        @Override
        public String pluginId() {
            return "test";
        }

        @Override
        public String pluginVersion() {
            return "1.0.0";
        }

        @Override
        public DataSource dataSource() {
            throw new UnsupportedOperationException();
        }

        @Override
        public DSLContext dsl() {
            throw new UnsupportedOperationException();
        }

        @Override
        public QueuePublisher queue() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public Path dataDir() {
            throw new UnsupportedOperationException();
        }
    }
}
