package io.ctops.core.queue;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import io.ctops.core.plugin.PluginLifecycleListener;
import io.ctops.core.plugin.RunningPlugin;
import io.ctops.proto.queue.v1.DeadLetter;
import io.ctops.sdk.queue.QueueConsumer;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topics;
import io.ctops.sdk.queue.spi.QueueBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queue consumers of started plugins: one thread per consumer that polls a batch, hands it
 * to the consumer and commits only after it returned. A batch that throws is retried with backoff;
 * a record the handler keeps rejecting goes to {@code queue.dead-letter} with the error, and the
 * group moves on. An exception never stops the runtime, nor does a queue that cannot be read or
 * committed to for a while (a broker outage): the worker backs off and tries again.
 */
public final class ConsumerRuntime implements PluginLifecycleListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRuntime.class);
    private static final Duration POLL_WAIT = Duration.ofMillis(500);
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A consumer asking to linger longer still reads this often, so it cannot stall its topics. */
    static final Duration MAX_LINGER = Duration.ofSeconds(5);
    /** Failed attempts of a batch before its records are tried one by one. */
    static final int ATTEMPTS_BEFORE_ISOLATING = 3;
    /** Failed attempts of a lone record before it is dead-lettered (with backoff, over a few minutes). */
    static final int MAX_ATTEMPTS_OF_ONE_RECORD = 10;
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final QueueBackend queue;
    private final Map<String, Worker> workersByGroup = new ConcurrentHashMap<>();

    public ConsumerRuntime(QueueBackend queue) {
        this.queue = requireNonNull(queue, "queue is null");
    }

    @Override
    public synchronized void started(RunningPlugin plugin) {
        List<Worker> started = new ArrayList<>();
        try {
            for (QueueConsumer consumer : plugin.extensions(QueueConsumer.class)) {
                started.add(start(plugin.id(), consumer));
            }
        } catch (RuntimeException e) {
            started.forEach(this::stopWorker);
            throw e;
        }
    }

    /** Starts a consumer the server itself owns (the owner names it in logs, e.g. "core"). */
    public synchronized void startOwn(String owner, QueueConsumer consumer) {
        start(owner, consumer);
    }

    private Worker start(String owner, QueueConsumer consumer) {
        String group = consumer.group();
        if (group == null || group.isBlank() || consumer.topics() == null || consumer.topics().isEmpty()) {
            throw new IllegalStateException(consumer.getClass().getName() + " names no group or no topics");
        }
        Worker existing = workersByGroup.get(group);
        if (existing != null) {
            throw new IllegalStateException("consumer group '" + group + "' is already used by " + existing.pluginId);
        }
        Worker worker = new Worker(owner, consumer);
        workersByGroup.put(group, worker);
        worker.thread.start();
        LOG.info("{}: consumer group {} reading {}", owner, group,
                consumer.topics().stream().map(t -> t.name()).collect(Collectors.joining(", ")));
        return worker;
    }

    @Override
    public synchronized void stopping(RunningPlugin plugin) {
        workersByGroup.values().stream().filter(w -> w.pluginId.equals(plugin.id())).toList().forEach(this::stopWorker);
    }

    /** Records not yet handled, per consumer group and topic. */
    public Map<String, Map<String, Long>> lag() {
        Map<String, Map<String, Long>> lag = new java.util.TreeMap<>();
        workersByGroup.forEach((group, worker) -> lag.put(group, queue.lag(group, worker.consumer.topics())));
        return lag;
    }

    @Override
    public synchronized void close() {
        List<Worker> workers = List.copyOf(workersByGroup.values());
        // every worker finishes its batch at the same time, rather than each one after the one before
        workers.forEach(worker -> worker.running = false);
        workers.forEach(this::stopWorker);
    }

    private void stopWorker(Worker worker) {
        workersByGroup.remove(worker.consumer.group(), worker);
        worker.running = false;
        try {
            worker.thread.join(STOP_WAIT.toMillis());
            if (worker.thread.isAlive()) {
                LOG.warn("Consumer group {} did not finish its batch within {}; interrupting", worker.consumer.group(), STOP_WAIT);
                worker.thread.interrupt();
                worker.thread.join(STOP_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // a broker-backed queue leaves the broker's consumer group, so other instances take its partitions
            queue.release(worker.consumer.group());
        } catch (RuntimeException e) {
            LOG.warn("Consumer group {}: the queue did not release it: {}", worker.consumer.group(), e.toString());
        }
    }

    private final class Worker implements Runnable {
        private final String pluginId;
        private final QueueConsumer consumer;
        private final Thread thread;
        private volatile boolean running = true;
        private Duration backoff = INITIAL_BACKOFF;
        private String failingRecord;
        private int attempts;

        Worker(String pluginId, QueueConsumer consumer) {
            this.pluginId = pluginId;
            this.consumer = consumer;
            this.thread = new Thread(this, "consumer-" + consumer.group());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                List<QueueRecord<?>> batch;
                try {
                    int max = Math.max(1, consumer.maxBatchSize());
                    batch = queue.poll(consumer.group(), consumer.topics(), max, POLL_WAIT);
                    long readAt = System.nanoTime();
                    if (!batch.isEmpty()) {
                        deliver(batch);
                        linger(batch.size() < max, readAt);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the queue itself failed (poll or commit); nothing was committed, so nothing is lost
                    if (!pause(e)) {
                        return;
                    }
                }
            }
        }

        /**
         * After a batch that was not full, lets more records gather until the consumer's linger has passed
         * since that batch was read: the time spent handling it counts, so a consumer whose batches take
         * longer than its linger reads again at once instead of adding the linger to every record's delay.
         */
        private void linger(boolean notFull, long readAt) throws InterruptedException {
            Duration linger = consumer.linger();
            if (notFull && linger != null && !linger.isNegative() && !linger.isZero() && running) {
                long left = Math.min(linger.toNanos(), MAX_LINGER.toNanos()) - (System.nanoTime() - readAt);
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            }
        }

        private boolean pause(RuntimeException failure) {
            LOG.warn("Consumer group {} (plugin {}): the queue failed, retrying in {} ms: {}", consumer.group(), pluginId,
                    backoff.toMillis(), failure.toString());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return false;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            return true;
        }

        private void deliver(List<QueueRecord<?>> batch) throws InterruptedException {
            String first = id(batch.get(0));
            if (!first.equals(failingRecord)) {
                failingRecord = null;
                attempts = 0;
            }
            Exception failure = handle(batch);
            if (failure == null) {
                queue.commit(consumer.group(), batch);
                backoff = INITIAL_BACKOFF;
                failingRecord = null;
                return;
            }
            failingRecord = first;
            attempts++;
            LOG.warn("Consumer group {} (plugin {}) failed a batch of {} record(s) (attempt {}): {}",
                    consumer.group(), pluginId, batch.size(), attempts, failure.toString());
            if (batch.size() > 1 && attempts >= ATTEMPTS_BEFORE_ISOLATING && isolate(batch)) {
                return;
            }
            if (batch.size() == 1 && attempts >= MAX_ATTEMPTS_OF_ONE_RECORD) {
                deadLetter(batch.get(0), failure);
                return;
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }

        /**
         * Hands the records over one at a time to find the one the handler rejects. A record that
         * fails while the record after it succeeds is poison: it goes to the dead-letter topic and
         * the group moves on. When the next one fails too, the problem is not the record (a database
         * outage, say): nothing is skipped and the batch is retried later. Returns whether progress was made.
         */
        private boolean isolate(List<QueueRecord<?>> batch) {
            boolean progressed = false;
            for (int i = 0; i < batch.size(); i++) {
                QueueRecord<?> record = batch.get(i);
                Exception failure = handle(List.of(record));
                if (failure == null) {
                    queue.commit(consumer.group(), List.of(record));
                    progressed = true;
                    continue;
                }
                if (i + 1 < batch.size() && handle(List.of(batch.get(i + 1))) == null) {
                    deadLetter(record, failure);
                    queue.commit(consumer.group(), List.of(batch.get(i + 1)));
                    i++;
                    progressed = true;
                    continue;
                }
                return progressed;
            }
            return progressed;
        }

        private Exception handle(List<QueueRecord<?>> records) {
            try {
                consumer.handle(List.copyOf(records));
                return null;
            } catch (Exception e) {
                return e;
            }
        }

        private void deadLetter(QueueRecord<?> record, Exception failure) {
            Instant now = Instant.now();
            queue.publish(Topics.DEAD_LETTER, consumer.group(), DeadLetter.newBuilder()
                    .setGroup(consumer.group()).setTopic(record.topic().name()).setKey(record.key())
                    .setOffset(record.offset()).setPayload(record.payload().toByteString())
                    .setError(String.valueOf(failure)).setAttempts(Math.max(attempts, 1))
                    .setFailedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                    .build());
            queue.commit(consumer.group(), List.of(record));
            LOG.error("Consumer group {} (plugin {}) rejected {}#{} repeatedly; moved to {}: {}", consumer.group(), pluginId,
                    record.topic().name(), record.offset(), Topics.DEAD_LETTER.name(), failure.toString());
            failingRecord = null;
            attempts = 0;
        }

        private static String id(QueueRecord<?> record) {
            return record.topic().name() + "#" + record.offset();
        }
    }
}
