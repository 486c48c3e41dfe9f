package io.ctops.plugin.queuekafka;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import io.ctops.sdk.queue.spi.QueueBackend;
import io.ctops.sdk.queue.spi.QueueSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's queue on Kafka: one idempotent producer ({@code acks=all}) shared by every publisher, one
 * consumer per consumer group, an admin client for topics, lag and health. Opening never waits for the
 * brokers: when they are down the server starts anyway, {@link #healthProblem()} says so, publishes fail
 * fast (the agent keeps its heartbeat and sends it again), and everything resumes once they are back.
 */
public final class KafkaQueue implements QueueBackend {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaQueue.class);
    /** How long opening waits for the first health check, so a healthy cluster is healthy from the start. */
    private static final Duration FIRST_CHECK_WAIT = Duration.ofSeconds(5);

    private final QueueSettings settings;
    private final KafkaClientConfigs configs;
    private final KafkaNames names;
    private final Producer<String, byte[]> producer;
    private final Admin admin;
    private final KafkaTopics topics;
    private final KafkaLag lag;
    private final KafkaHealthMonitor health;
    private final Map<String, KafkaGroupReader> readers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private KafkaQueue(QueueSettings settings) {
        this.settings = settings;
        this.configs = new KafkaClientConfigs(settings);
        this.names = new KafkaNames(settings.topicPrefix());
        this.admin = withPluginClassLoader(() -> Admin.create(configs.admin()));
        try {
            this.producer = withPluginClassLoader(() ->
                    new KafkaProducer<>(configs.producer(), new StringSerializer(), new ByteArraySerializer()));
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
        this.topics = new KafkaTopics(admin, names, settings.partitions(), settings.replicationFactor());
        this.lag = new KafkaLag(admin, names);
        this.health = new KafkaHealthMonitor(admin, topics, Topics.CORE.stream().map(Topic::name).toList(), settings.servers());
    }

    /**
     * Creates the clients and starts watching the cluster; waits a few seconds at most for the first check.
     *
     * @throws IllegalArgumentException when the clients refuse the settings (e.g. no bootstrap address resolves)
     */
    public static KafkaQueue open(QueueSettings settings) {
        requireNonNull(settings, "settings is null");
        KafkaQueue queue;
        try {
            queue = new KafkaQueue(settings);
        } catch (KafkaException e) {
            throw new IllegalArgumentException("kafka clients cannot be created for " + String.join(",", settings.servers())
                    + ": " + e.getMessage(), e);
        }
        queue.health.start();
        try {
            if (queue.health.awaitFirstCheck(FIRST_CHECK_WAIT)) {
                LOG.info("Kafka queue open on {}: topic prefix '{}', {} partition(s), replication factor {}",
                        queue.health.servers(), settings.topicPrefix(), settings.partitions(), settings.replicationFactor());
            } else {
                LOG.warn("Kafka queue opened without its brokers ({}); publishes fail until they are reached",
                        queue.healthProblem().orElse("still checking"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return queue;
    }

    @Override
    public <T extends Message> void publish(Topic<T> topic, String key, T message) {
        requireNonNull(topic, "topic is null");
        requireNonNull(key, "key is null");
        byte[] payload = requireNonNull(message, "message is null").toByteArray();
        ensureOpen();
        if (health.unreachable()) {
            // known down: fail now rather than hold the caller (a heartbeat thread) for the whole timeout
            throw new QueueException("kafka broker unreachable at " + health.servers());
        }
        long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
        topics.ensure(List.of(topic.name()), settings.publishTimeout());
        try {
            Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(names.topic(topic.name()), key, payload));
            sent.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new QueueException("kafka did not accept a record on " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new QueueException("kafka did not acknowledge a record on " + topic.name() + " within "
                    + settings.publishTimeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException("interrupted while publishing on " + topic.name(), e);
        } catch (KafkaException e) {
            throw new QueueException("kafka refused a record on " + topic.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hands the record to the producer and returns: the future completes from the producer's send
     * callback once the brokers acknowledged it ({@code acks=all}), or fails with a {@link QueueException}
     * when they refused it or did not answer within the publish timeout ({@code delivery.timeout.ms}).
     * While the brokers are known to be down it fails at once, as {@link #publish} does. Callbacks on
     * the future run on the producer's network thread unless the caller moves them.
     */
    @Override
    public <T extends Message> CompletableFuture<Void> publishAsync(Topic<T> topic, String key, T message) {
        requireNonNull(topic, "topic is null");
        requireNonNull(key, "key is null");
        byte[] payload = requireNonNull(message, "message is null").toByteArray();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            ensureOpen();
            if (health.unreachable()) {
                throw new QueueException("kafka broker unreachable at " + health.servers());
            }
            topics.ensure(List.of(topic.name()), settings.publishTimeout());
            producer.send(new ProducerRecord<>(names.topic(topic.name()), key, payload), (metadata, failure) -> {
                if (failure == null) {
                    done.complete(null);
                } else if (failure instanceof org.apache.kafka.common.errors.TimeoutException) {
                    done.completeExceptionally(new QueueException("kafka did not acknowledge a record on " + topic.name()
                            + " within " + settings.publishTimeout().toSeconds() + " s", failure));
                } else {
                    done.completeExceptionally(new QueueException("kafka did not accept a record on " + topic.name() + ": "
                            + failure.getMessage(), failure));
                }
            });
        } catch (QueueException e) {
            done.completeExceptionally(e);
        } catch (KafkaException e) {
            done.completeExceptionally(new QueueException("kafka refused a record on " + topic.name() + ": " + e.getMessage(), e));
        }
        return done;
    }

    @Override
    public List<QueueRecord<?>> poll(String group, List<Topic<?>> topicsToRead, int max, Duration wait) throws InterruptedException {
        requireNonNull(group, "group is null");
        requireNonNull(topicsToRead, "topics is null");
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        ensureOpen();
        KafkaGroupReader reader = readers.computeIfAbsent(group, g -> withPluginClassLoader(() -> new KafkaGroupReader(g,
                new KafkaConsumer<>(configs.consumer(names.group(g), g, max), new StringDeserializer(), new ByteArrayDeserializer()),
                names, settings.publishTimeout())));
        return reader.poll(topicsToRead, max, wait, topics);
    }

    @Override
    public void commit(String group, List<QueueRecord<?>> batch) {
        requireNonNull(batch, "batch is null");
        if (batch.isEmpty()) {
            return;
        }
        ensureOpen();
        KafkaGroupReader reader = readers.get(group);
        if (reader == null) {
            throw new QueueException("consumer group " + group + " has polled nothing to commit");
        }
        reader.commit(batch);
    }

    @Override
    public Map<String, Long> lag(String group, List<Topic<?>> topicsRead) {
        if (closed || health.unreachable()) {
            return Map.of(); // /metrics must not wait on a broker that is down
        }
        try {
            return lag.of(group, topicsRead.stream().map(Topic::name).toList());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("Lag of consumer group {} not known now: {}", group, e.toString());
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    @Override
    public void release(String group) {
        KafkaGroupReader reader = readers.remove(group);
        if (reader != null) {
            reader.close();
            LOG.info("Consumer group {}: left the kafka consumer group", group);
        }
    }

    @Override
    public Optional<String> healthProblem() {
        return closed ? Optional.of("kafka queue closed") : health.problem();
    }

    private void ensureOpen() {
        if (closed) {
            throw new QueueException("the queue is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.close();
        List.copyOf(readers.keySet()).forEach(this::release);
        try {
            producer.close(settings.publishTimeout()); // sends what is still buffered
        } catch (KafkaException e) {
            LOG.warn("Closing the kafka producer failed: {}", e.toString());
        }
        admin.close(KafkaClientConfigs.ADMIN_TIMEOUT);
        LOG.info("Kafka queue closed");
    }

    @Override
    public String toString() {
        return "kafka queue on " + String.join(",", settings.servers());
    }

    /**
     * Kafka clients look classes up through the thread's context class loader; the server's threads have
     * the server's, which cannot see this plugin's copy of Kafka.
     */
    private static <T> T withPluginClassLoader(Supplier<T> create) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaQueue.class.getClassLoader());
        try {
            return create.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
