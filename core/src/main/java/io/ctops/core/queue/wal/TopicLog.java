package io.ctops.core.queue.wal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.Message;
import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one topic: segments in offset order, a single writer appending to the last one and rolling
 * to a new one at the size limit, and reads (by {@link LogReader}). Consumers only see records that are
 * "visible": written, and under {@link FsyncPolicy#ALWAYS} also synced, so no group can commit past a
 * record a crash could still take back.
 */
final class TopicLog {

    private static final Logger LOG = LoggerFactory.getLogger(TopicLog.class);

    /** A sealed segment as retention sees it; its offsets lie below {@code endOffset}. */
    record Sealed(Segment segment, long endOffset, long bytes, Instant lastModified) {
    }

    private final String topic;
    private final byte[] topicBytes;
    private final Path dir;
    private final WalSettings settings;
    private final Clock clock;
    private final LogReader reader;
    private final Runnable onVisible;
    private final ConcurrentSkipListMap<Long, Segment> segments;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final GroupCommit groupCommit;
    private final AtomicLong endOffset;
    private final WriteBuffer buffer = new WriteBuffer(); // guarded by appendLock
    private final PendingPublishes pending = new PendingPublishes(); // guarded by appendLock
    private final LogFlusher flusher;
    private Segment active; // guarded by appendLock
    private long nextOffset; // guarded by appendLock
    private IOException failure; // guarded by appendLock

    private TopicLog(String topic, Path dir, WalSettings settings, Clock clock, WalMetrics metrics, Runnable onVisible,
            ConcurrentSkipListMap<Long, Segment> segments, long nextOffset) {
        this.topic = topic;
        this.topicBytes = topic.getBytes(UTF_8);
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
        this.reader = new LogReader(topic, segments, new DamageLog(topic, metrics));
        this.onVisible = onVisible;
        this.segments = segments;
        this.active = segments.lastEntry().getValue();
        this.nextOffset = nextOffset;
        this.endOffset = new AtomicLong(nextOffset);
        GroupCommit.Mark onDisk = new GroupCommit.Mark(active, active.size(), nextOffset - 1);
        this.groupCommit = new GroupCommit(topic, metrics, onDisk, mark -> {
            if (settings.fsync() == FsyncPolicy.ALWAYS) {
                publish(mark);
            }
        });
        this.flusher = new LogFlusher(topic, this::completePending);
    }

    /** Opens (recovering) or creates the log in {@code dir}. */
    static TopicLog open(Path dir, String topic, WalSettings settings, Clock clock, WalMetrics metrics,
            Runnable onVisible, long minNextOffset) throws IOException {
        Files.createDirectories(dir);
        LogRecovery.Recovered recovered = LogRecovery.recover(dir, topic, new DamageLog(topic, metrics), minNextOffset);
        ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>(recovered.segments());
        if (segments.isEmpty()) {
            segments.put(recovered.nextOffset(), Segment.create(dir, recovered.nextOffset()));
            Fsync.directory(dir);
        }
        return new TopicLog(topic, dir, settings, clock, metrics, onVisible, segments, recovered.nextOffset());
    }

    /** Appends a record and returns its offset once it is durable as the fsync policy demands. */
    long append(String key, Message message) throws IOException {
        byte[] frame = RecordCodec.unsealedFrame(topicBytes, key, message);
        long offset;
        appendLock.lock();
        try {
            offset = add(frame);
            try {
                writeBuffer();
            } catch (IOException e) {
                throw new IOException("the write of offset " + offset + " failed: " + e.getMessage(), e);
            }
        } finally {
            appendLock.unlock();
        }
        if (settings.fsync() == FsyncPolicy.ALWAYS) {
            groupCommit.awaitSynced(offset);
        }
        return offset;
    }

    /**
     * Appends a record without waiting: it is written with others (by this log's flusher, or by the next
     * synchronous append), and {@code done} completes, in publishing order, once it is as durable as
     * {@link #append} would have made it, or fails with a {@link QueueException}.
     */
    void appendAsync(String key, Message message, CompletableFuture<Void> done) {
        byte[] frame = RecordCodec.unsealedFrame(topicBytes, key, message);
        appendLock.lock();
        try {
            try {
                pending.add(add(frame), done);
            } catch (IOException e) {
                pending.refuse(done, e);
            }
        } finally {
            appendLock.unlock();
        }
        flusher.wake();
    }

    /** Assigns the next offset to a frame and buffers it; called holding the append lock. */
    private long add(byte[] frame) throws IOException {
        if (failure != null) {
            throw new IOException("the log of topic " + topic + " failed a write and could not undo it; restart to recover", failure);
        }
        if (settings.fsync() == FsyncPolicy.ALWAYS) {
            groupCommit.checkHealthy();
        }
        long position = active.size() + buffer.length();
        if (position > 0 && position + frame.length > settings.segmentBytes()) {
            roll();
            position = 0;
        }
        if (!buffer.fits(frame)) {
            writeBuffer();
        }
        long offset = nextOffset;
        RecordCodec.seal(frame, offset, clock.instant());
        if (buffer.fits(frame)) {
            buffer.add(frame, offset);
        } else {
            writeFrame(frame, offset); // larger than the whole buffer
        }
        nextOffset = offset + 1;
        active.index().add(offset, position);
        return offset;
    }

    /** Writes the buffered records to the active segment; they become visible, and syncable. */
    private void writeBuffer() throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        long first = buffer.firstOffset();
        long last = buffer.lastOffset();
        long start = active.size();
        try {
            buffer.writeTo(active);
        } catch (IOException e) {
            undo(start, first, e);
            throw e;
        }
        written(last);
    }

    private void writeFrame(byte[] frame, long offset) throws IOException {
        long start = active.size();
        try {
            active.append(frame, 0, frame.length);
        } catch (IOException e) {
            undo(start, offset, e);
            throw e;
        }
        written(offset);
    }

    private void written(long lastOffset) {
        GroupCommit.Mark mark = new GroupCommit.Mark(active, active.size(), lastOffset);
        groupCommit.written(mark);
        if (settings.fsync() != FsyncPolicy.ALWAYS) {
            publish(mark);
        }
    }

    /**
     * A write failed part-way: cut the file back to the last frame boundary and give the offsets of the
     * lost records to the next ones, whose publishers have not been told anything yet.
     */
    private void undo(long position, long firstLost, IOException cause) {
        pending.failFrom(firstLost, cause);
        try {
            active.rollback(position);
            nextOffset = firstLost;
        } catch (IOException e) {
            cause.addSuppressed(e);
            failure = cause;
        }
    }

    /**
     * One round of the flusher: writes what asynchronous publishes buffered, waits for the fsync that
     * covers them under {@link FsyncPolicy#ALWAYS}, then completes their futures in order.
     */
    private boolean completePending() {
        List<PendingPublishes.Pending> drained;
        appendLock.lock();
        try {
            if (pending.isEmpty()) {
                return false;
            }
            try {
                writeBuffer();
            } catch (IOException e) {
                // the publishes it held were failed by undo
            }
            drained = pending.drain();
        } finally {
            appendLock.unlock();
        }
        IOException syncFailure = null;
        if (settings.fsync() == FsyncPolicy.ALWAYS) {
            long last = -1;
            for (PendingPublishes.Pending p : drained) {
                last = p.refused() == null ? Math.max(last, p.offset()) : last;
            }
            if (last >= 0) {
                try {
                    groupCommit.awaitSynced(last);
                } catch (IOException e) {
                    syncFailure = e;
                }
            }
        }
        for (PendingPublishes.Pending p : drained) {
            IOException failed = p.refused() != null ? p.refused() : syncFailure;
            try {
                if (failed == null) {
                    p.future().complete(null);
                } else {
                    p.future().completeExceptionally(new QueueException("cannot publish on " + topic + ": " + failed.getMessage(), failed));
                }
            } catch (RuntimeException e) {
                // a caller's callback (or its executor) threw: the other futures must complete all the same
                LOG.warn("Topic {}: a publisher's callback failed: {}", topic, e.toString());
            }
        }
        return true;
    }

    /** Seals the full active segment and starts the next one, named after the next offset. */
    private void roll() throws IOException {
        writeBuffer();
        Segment sealed = active;
        groupCommit.seal(sealed, settings.fsync() != FsyncPolicy.NEVER);
        // all of it is synced now (or never will be): readers may move past it once the next one exists
        sealed.publish(sealed.size());
        Segment next;
        try {
            next = Segment.create(dir, nextOffset);
            if (settings.fsync() != FsyncPolicy.NEVER) {
                Fsync.directory(dir);
            }
        } catch (IOException e) {
            failure = e; // the sealed segment takes no more writes and there is no next one to take them
            throw e;
        }
        segments.put(next.baseOffset(), next);
        active = next;
    }

    private void publish(GroupCommit.Mark mark) {
        mark.segment().publish(mark.end());
        endOffset.accumulateAndGet(mark.offset() + 1, Math::max);
        onVisible.run();
    }

    /** Up to {@code max} visible records from offset {@code from} on, parsed as {@code type}. */
    LogReader.Batch read(Topic<?> type, long from, int max, LogReader.Cursor hint) throws IOException {
        return reader.read(type, from, max, hint);
    }

    /** The offset after the last visible record. */
    long endOffset() {
        return endOffset.get();
    }

    /** Every segment but the active one, oldest first. */
    List<Sealed> sealedSegments() throws IOException {
        List<Sealed> sealed = new ArrayList<>();
        Segment previous = null;
        for (Segment segment : segments.values()) {
            if (previous != null) {
                sealed.add(new Sealed(previous, segment.baseOffset(), previous.size(),
                        Files.getLastModifiedTime(previous.file()).toInstant()));
            }
            previous = segment;
        }
        return sealed;
    }

    long totalBytes() {
        return segments.values().stream().mapToLong(Segment::size).sum();
    }

    /** Deletes a sealed segment; false if it is the active one or already gone. */
    boolean delete(Segment segment) throws IOException {
        appendLock.lock();
        try {
            if (segment == active || !segments.remove(segment.baseOffset(), segment)) {
                return false;
            }
            segment.delete();
        } finally {
            appendLock.unlock();
        }
        if (settings.fsync() != FsyncPolicy.NEVER) {
            Fsync.directory(dir);
        }
        return true;
    }

    /** Syncs what was written since the last sync (the {@link FsyncPolicy#INTERVAL} flusher). */
    void flush() throws IOException {
        groupCommit.syncIfBehind();
    }

    /** Completes pending publishes, syncs (whatever the policy) and closes every file. */
    void close() throws IOException {
        flusher.stop();
        appendLock.lock();
        try {
            IOException first = null;
            try {
                writeBuffer();
                groupCommit.syncIfBehind();
            } catch (IOException e) {
                first = e;
            }
            for (Segment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            appendLock.unlock();
        }
    }

    String topic() {
        return topic;
    }
}
