package io.ctops.core.queue.wal;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import io.ctops.sdk.queue.spi.QueueBackend;
import io.ctops.core.queue.QueueMetrics;
import io.ctops.core.queue.QueueMetrics.GroupTopic;
import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.StampedLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable local queue (DESIGN §5): per topic a segmented append-only log with a CRC per record under
 * {@code <directory>/topics/<topic>/}, per consumer group a file of committed offsets under
 * {@code <directory>/groups/}. Opening recovers from a crash: torn tails are cut off, damaged records are
 * skipped and counted in {@link #walMetrics()}, and every group resumes at its committed offsets, so
 * records it had not committed come again (at-least-once). Under {@link FsyncPolicy#ALWAYS} a
 * {@code kill -9} loses nothing that {@link #publish} acknowledged. Of the queue-wide metrics it counts
 * only what retention drops; published and consumed are counted by the server's metering decorator.
 */
public final class WalQueue implements QueueBackend {

    private static final Logger LOG = LoggerFactory.getLogger(WalQueue.class);
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");

    private final Path topicsDir;
    private final WalSettings settings;
    private final Clock clock;
    private final WalMetrics walMetrics = new WalMetrics();
    private final DirectoryLock directoryLock;
    private final OffsetStore offsets;
    private final Retention retention;
    private final Map<String, TopicLog> logs = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> readersByTopic = new ConcurrentHashMap<>();
    private final Map<GroupTopic, LogReader.Cursor> cursors = new ConcurrentHashMap<>();
    private final PollSignal pollSignal = new PollSignal();
    private final ScheduledExecutorService maintenance;
    // publish, poll and commit share the read lock; close takes the write lock and so waits for them.
    // A StampedLock: its read lock keeps no per-thread count, which a publish would pay for every record.
    private final StampedLock lifecycle = new StampedLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * Opens the queue in {@code directory} (created if missing), recovering every topic found there.
     *
     * @throws QueueException when the directory cannot be read or another queue has it open
     */
    public WalQueue(Path directory, WalSettings settings, QueueMetrics metrics, Clock clock) {
        requireNonNull(directory, "directory is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.topicsDir = directory.resolve("topics");
        this.retention = new Retention(settings, clock, requireNonNull(metrics, "metrics is null"));
        DirectoryLock lock = null;
        try {
            Files.createDirectories(topicsDir);
            lock = DirectoryLock.acquire(directory);
            this.offsets = OffsetStore.open(directory.resolve("groups"), settings.fsync());
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(topicsDir, Files::isDirectory)) {
                for (Path dir : dirs) {
                    String topic = dir.getFileName().toString();
                    if (TOPIC_NAME.matcher(topic).matches()) {
                        logs.put(topic, openLog(topic));
                    } else {
                        LOG.warn("Ignoring {}: not a topic name", dir);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            logs.values().forEach(this::closeQuietly);
            closeQuietly(lock);
            throw e instanceof QueueException q ? q : new QueueException("cannot open the queue in " + directory + ": " + e, e);
        }
        this.directoryLock = lock;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wal-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        if (settings.fsync() == FsyncPolicy.INTERVAL) {
            long millis = settings.fsyncInterval().toMillis();
            maintenance.scheduleWithFixedDelay(this::flushAll, millis, millis, TimeUnit.MILLISECONDS);
        }
        long retentionMillis = settings.retentionCheckInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::enforceRetention, retentionMillis, retentionMillis, TimeUnit.MILLISECONDS);
        LOG.info("Queue opened in {} with {} topic(s), fsync {}", directory, logs.size(), settings.fsync());
    }

    private TopicLog openLog(String topic) throws IOException {
        return TopicLog.open(topicsDir.resolve(topic), topic, settings, clock, walMetrics, () -> pollSignal.signal(topic),
                offsets.highestCommitted(topic));
    }

    @Override
    public <T extends Message> void publish(Topic<T> topic, String key, T message) {
        requireNonNull(topic, "topic is null");
        requireNonNull(key, "key is null");
        requireNonNull(message, "message is null");
        long stamp = lifecycle.readLock();
        try {
            ensureOpen();
            logFor(topic.name()).append(key, message);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new QueueException("cannot publish on " + topic.name() + ": " + e.getMessage(), e);
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    /**
     * Appends the record and returns at once; the future completes when {@link #publish} would have
     * returned (under {@link FsyncPolicy#ALWAYS}: after the fsync that covers it). A single producer can so
     * fill each fsync with many records. Futures of one topic complete in publishing order, on the
     * topic's flusher thread.
     */
    @Override
    public <T extends Message> CompletableFuture<Void> publishAsync(Topic<T> topic, String key, T message) {
        requireNonNull(topic, "topic is null");
        requireNonNull(key, "key is null");
        requireNonNull(message, "message is null");
        CompletableFuture<Void> done = new CompletableFuture<>();
        QueueException refused = null;
        long stamp = lifecycle.readLock();
        try {
            ensureOpen();
            logFor(topic.name()).appendAsync(key, message, done);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            refused = new QueueException("cannot publish on " + topic.name() + ": " + e.getMessage(), e);
        } catch (QueueException e) {
            refused = e;
        } finally {
            lifecycle.unlockRead(stamp);
        }
        if (refused != null) {
            done.completeExceptionally(refused); // outside the lock: the caller's callbacks run now
        }
        return done;
    }

    private TopicLog logFor(String topic) {
        return logs.computeIfAbsent(topic, name -> {
            try {
                TopicLog log = openLog(name);
                Fsync.directory(topicsDir); // the new topic directory must survive a crash too
                return log;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public List<QueueRecord<?>> poll(String group, List<Topic<?>> topics, int max, Duration wait) throws InterruptedException {
        requireNonNull(group, "group is null");
        requireNonNull(topics, "topics is null");
        requireNonNull(wait, "wait is null");
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> names = topics.stream().map(Topic::name).toList();
        while (true) {
            long seen = pollSignal.version(names);
            List<QueueRecord<?>> batch = read(group, topics, max); // throws once closed
            long remaining = deadline - System.nanoTime();
            if (!batch.isEmpty() || remaining <= 0) {
                return batch;
            }
            pollSignal.awaitChange(names, seen, remaining);
        }
    }

    private List<QueueRecord<?>> read(String group, List<Topic<?>> topics, int max) {
        long stamp = lifecycle.readLock();
        try {
            ensureOpen();
            List<QueueRecord<?>> batch = new ArrayList<>();
            for (Topic<?> topic : topics) {
                readersByTopic.computeIfAbsent(topic.name(), t -> ConcurrentHashMap.newKeySet()).add(group);
                TopicLog log = logs.get(topic.name());
                if (log == null || batch.size() >= max) {
                    continue;
                }
                GroupTopic position = new GroupTopic(group, topic.name());
                LogReader.Batch read = log.read(topic, offsets.committed(group, topic.name()), max - batch.size(), cursors.get(position));
                cursors.put(position, read.cursor());
                batch.addAll(read.records());
            }
            return batch;
        } catch (IOException e) {
            throw new QueueException("cannot read for consumer group " + group + ": " + e.getMessage(), e);
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    @Override
    public void commit(String group, List<QueueRecord<?>> batch) {
        requireNonNull(group, "group is null");
        requireNonNull(batch, "batch is null");
        Map<String, Long> positions = new HashMap<>();
        batch.forEach(record -> positions.merge(record.topic().name(), record.offset() + 1, Math::max));
        long stamp = lifecycle.readLock();
        try {
            ensureOpen();
            offsets.commit(group, positions);
        } catch (IOException | IllegalArgumentException e) {
            throw new QueueException("cannot commit for consumer group " + group + ": " + e.getMessage(), e);
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    @Override
    public Map<String, Long> lag(String group, List<Topic<?>> topics) {
        requireNonNull(group, "group is null");
        Map<String, Long> lag = new HashMap<>();
        for (Topic<?> topic : requireNonNull(topics, "topics is null")) {
            TopicLog log = logs.get(topic.name());
            long end = log == null ? 0 : log.endOffset();
            lag.put(topic.name(), Math.max(0, end - offsets.committed(group, topic.name())));
        }
        return lag;
    }

    /** Counters of damage found on disk and of fsyncs. */
    public WalMetrics walMetrics() {
        return walMetrics;
    }

    /** Runs retention on every topic now; it also runs every {@link WalSettings#retentionCheckInterval()}. */
    void enforceRetention() {
        long stamp = lifecycle.readLock();
        try {
            if (closed) {
                return;
            }
            for (TopicLog log : logs.values()) {
                Map<String, Long> committed = new HashMap<>(offsets.committedOn(log.topic()));
                readersByTopic.getOrDefault(log.topic(), Set.of()).forEach(group -> committed.putIfAbsent(group, 0L));
                try {
                    retention.enforce(log, committed.values());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Topic {}: retention failed: {}", log.topic(), e.toString());
                }
            }
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    private void flushAll() {
        for (TopicLog log : logs.values()) {
            try {
                log.flush();
            } catch (IOException e) {
                LOG.error("Topic {}: fsync failed; records since the last one may be lost on a machine crash", log.topic(), e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new QueueException("the queue is closed");
        }
    }

    /** Syncs and closes every file and stops background work; later calls do nothing. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        // stop the maintenance thread first: its tasks take the read lock that close is about to wait for
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long stamp = lifecycle.writeLock();
        try {
            closed = true;
            logs.values().forEach(this::closeQuietly);
            closeQuietly(directoryLock);
        } finally {
            lifecycle.unlockWrite(stamp);
        }
        pollSignal.signalAll(); // waiting pollers wake, read, and learn that the queue is closed
    }

    private void closeQuietly(TopicLog log) {
        try {
            log.close();
        } catch (IOException e) {
            LOG.error("Topic {}: closing its log failed", log.topic(), e);
        }
    }

    private void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", closeable, e.toString());
        }
    }
}
