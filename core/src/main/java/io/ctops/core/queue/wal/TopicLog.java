package io.ctops.core.queue.wal;

import io.ctops.sdk.queue.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of one topic: segments in offset order, a single writer appending to the last one and rolling
 * to a new one at the size limit, and reads (by {@link LogReader}). Consumers only see records that are
 * "visible": written, and under {@link FsyncPolicy#ALWAYS} also synced, so no group can commit past a
 * record a crash could still take back.
 */
final class TopicLog {

    /** A sealed segment as retention sees it; its offsets lie below {@code endOffset}. */
    record Sealed(Segment segment, long endOffset, long bytes, Instant lastModified) {
    }

    private final String topic;
    private final Path dir;
    private final WalSettings settings;
    private final Clock clock;
    private final LogReader reader;
    private final Runnable onVisible;
    private final ConcurrentSkipListMap<Long, Segment> segments;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final GroupCommit groupCommit;
    private final AtomicLong endOffset;
    private Segment active; // guarded by appendLock
    private long nextOffset; // guarded by appendLock
    private IOException failure; // guarded by appendLock

    private TopicLog(String topic, Path dir, WalSettings settings, Clock clock, WalMetrics metrics, Runnable onVisible,
            ConcurrentSkipListMap<Long, Segment> segments, long nextOffset) {
        this.topic = topic;
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
    long append(String key, byte[] payload) throws IOException {
        byte[] frame = RecordCodec.unsealedFrame(topic, key, payload);
        long offset;
        appendLock.lock();
        try {
            if (failure != null) {
                throw new IOException("the log of topic " + topic + " failed a write and could not undo it; restart to recover", failure);
            }
            if (settings.fsync() == FsyncPolicy.ALWAYS) {
                groupCommit.checkHealthy();
            }
            if (active.size() > 0 && active.size() + frame.length > settings.segmentBytes()) {
                roll();
            }
            offset = nextOffset;
            RecordCodec.seal(frame, offset, clock.instant());
            long position = active.size();
            try {
                active.append(frame);
            } catch (IOException e) {
                undo(position, e);
                throw e;
            }
            nextOffset = offset + 1;
            active.index().add(offset, position);
            GroupCommit.Mark mark = new GroupCommit.Mark(active, position + frame.length, offset);
            groupCommit.written(mark);
            if (settings.fsync() != FsyncPolicy.ALWAYS) {
                publish(mark);
            }
        } finally {
            appendLock.unlock();
        }
        if (settings.fsync() == FsyncPolicy.ALWAYS) {
            groupCommit.awaitSynced(offset);
        }
        return offset;
    }

    private void undo(long position, IOException cause) {
        try {
            active.rollback(position);
        } catch (IOException e) {
            cause.addSuppressed(e);
            failure = cause;
        }
    }

    /** Seals the full active segment and starts the next one, named after the next offset. */
    private void roll() throws IOException {
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

    /** Syncs (whatever the policy) and closes every file. */
    void close() throws IOException {
        appendLock.lock();
        try {
            IOException first = null;
            try {
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
