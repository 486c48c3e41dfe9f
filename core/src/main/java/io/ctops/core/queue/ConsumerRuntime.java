package io.ctops.core.queue;

import static java.util.Objects.requireNonNull;

import io.ctops.core.plugin.PluginLifecycleListener;
import io.ctops.core.plugin.RunningPlugin;
import io.ctops.sdk.queue.QueueConsumer;
import io.ctops.sdk.queue.QueueRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queue consumers of started plugins: one thread per consumer that polls a batch, hands it
 * to the consumer and commits only after it returned. A batch that throws is retried with backoff.
 */
public final class ConsumerRuntime implements PluginLifecycleListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRuntime.class);
    private static final Duration POLL_WAIT = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final QueueLog queue;
    private final Map<String, Worker> workersByGroup = new ConcurrentHashMap<>();

    public ConsumerRuntime(QueueLog queue) {
        this.queue = requireNonNull(queue, "queue is null");
    }

    @Override
    public synchronized void started(RunningPlugin plugin) {
        List<Worker> started = new ArrayList<>();
        for (QueueConsumer consumer : plugin.extensions(QueueConsumer.class)) {
            String group = consumer.group();
            if (group == null || group.isBlank() || consumer.topics() == null || consumer.topics().isEmpty()) {
                started.forEach(this::stopWorker);
                throw new IllegalStateException(consumer.getClass().getName() + " names no group or no topics");
            }
            Worker existing = workersByGroup.get(group);
            if (existing != null) {
                started.forEach(this::stopWorker);
                throw new IllegalStateException("consumer group '" + group + "' is already used by plugin " + existing.pluginId);
            }
            Worker worker = new Worker(plugin.id(), consumer);
            workersByGroup.put(group, worker);
            worker.thread.start();
            started.add(worker);
            LOG.info("Plugin {}: consumer group {} reading {}", plugin.id(), group,
                    consumer.topics().stream().map(t -> t.name()).collect(Collectors.joining(", ")));
        }
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
        List.copyOf(workersByGroup.values()).forEach(this::stopWorker);
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
    }

    private final class Worker implements Runnable {
        private final String pluginId;
        private final QueueConsumer consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Worker(String pluginId, QueueConsumer consumer) {
            this.pluginId = pluginId;
            this.consumer = consumer;
            this.thread = new Thread(this, "consumer-" + consumer.group());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            Duration backoff = Duration.ofMillis(250);
            while (running) {
                List<QueueRecord<?>> batch;
                try {
                    batch = queue.poll(consumer.group(), consumer.topics(), Math.max(1, consumer.maxBatchSize()), POLL_WAIT);
                } catch (InterruptedException e) {
                    return;
                }
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    consumer.handle(List.copyOf(batch));
                    queue.commit(consumer.group(), batch);
                    backoff = Duration.ofMillis(250);
                } catch (Exception e) {
                    LOG.warn("Consumer group {} (plugin {}) failed a batch of {} record(s), retrying in {} ms: {}",
                            consumer.group(), pluginId, batch.size(), backoff.toMillis(), e.toString());
                    try {
                        Thread.sleep(backoff.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
    }
}
