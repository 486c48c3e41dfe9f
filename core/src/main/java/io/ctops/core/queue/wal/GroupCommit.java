package io.ctops.core.queue.wal;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Coalesces the fsyncs of one topic (group commit). A publisher needing durability takes the lock; if no
 * sync covers its record yet it syncs everything written so far, while later publishers queue on the lock
 * and usually find their record covered when they get it. One fsync thus serves every record written
 * while the previous one ran.
 */
final class GroupCommit {

    /** How far the log has been written: the segment, its length and the last offset in it. */
    record Mark(Segment segment, long end, long offset) {
    }

    private final String topic;
    private final WalMetrics metrics;
    private final Consumer<Mark> onSynced;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Mark written;
    private Mark synced; // guarded by lock
    private IOException failure; // guarded by lock

    /**
     * @param start what is on disk already
     * @param onSynced told of each completed sync, under the lock, so syncs are reported in order
     */
    GroupCommit(String topic, WalMetrics metrics, Mark start, Consumer<Mark> onSynced) {
        this.topic = topic;
        this.metrics = metrics;
        this.onSynced = onSynced;
        this.written = start;
        this.synced = start;
    }

    /** Notes an append; called by the single writer in offset order. */
    void written(Mark mark) {
        written = mark;
    }

    /** Returns once an fsync covers the record at {@code offset}, which must have been written. */
    void awaitSynced(long offset) throws IOException {
        lock.lock();
        try {
            while (synced.offset() < offset) {
                syncLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Syncs what was written since the last sync, if anything. */
    void syncIfBehind() throws IOException {
        lock.lock();
        try {
            if (synced != written) {
                syncLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the writer of a full segment before the log moves to the next one, syncing it first when
     * {@code force}; under the lock, so no sync can be running on it as it closes.
     */
    void seal(Segment segment, boolean force) throws IOException {
        lock.lock();
        try {
            if (force && synced != written) {
                syncLocked();
            }
            segment.closeWriter();
        } finally {
            lock.unlock();
        }
    }

    private void syncLocked() throws IOException {
        if (failure != null) {
            // After a failed fsync the kernel may have dropped the dirty pages and a retry could "succeed"
            // without them; only a restart, which re-reads and checks the file, can tell what is on disk.
            throw new IOException("an earlier fsync of topic " + topic + " failed; restart to recover", failure);
        }
        Mark target = written;
        try {
            target.segment().sync();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        metrics.fsync(topic);
        synced = target;
        onSynced.accept(target);
    }
}
