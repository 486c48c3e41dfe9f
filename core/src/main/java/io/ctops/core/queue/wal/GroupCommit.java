package io.ctops.core.queue.wal;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Coalesces the fsyncs of one topic (group commit). A publisher needing durability either finds its
 * record covered, waits for the sync in progress, or, when none runs, syncs everything written so far.
 * The fsync runs outside the lock and wakes all waiters at once: a publisher whose record it covered
 * returns (and writes its next record) at once, instead of queueing behind the next fsync.
 */
final class GroupCommit {

    /** How far the log has been written: the segment, its length and the last offset in it. */
    record Mark(Segment segment, long end, long offset) {
    }

    private final String topic;
    private final WalMetrics metrics;
    private final Consumer<Mark> onSynced;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition syncDone = lock.newCondition();
    private volatile Mark written;
    private Mark synced; // guarded by lock
    private boolean syncing; // guarded by lock
    private volatile IOException failure; // written under lock

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

    /**
     * Throws once an fsync has failed. After a failed fsync the kernel may have dropped the dirty pages,
     * and a retry could "succeed" without them; only a restart, which re-reads and checks the file, can
     * tell what is on disk. A record appended now could never be acknowledged, yet would be delivered
     * after that restart.
     */
    void checkHealthy() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException("an earlier fsync of topic " + topic + " failed; restart to recover", failed);
        }
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
                checkHealthy();
                if (syncing) {
                    syncDone.awaitUninterruptibly(); // publish promises durability, an interrupt cannot cut it short
                } else {
                    syncOnce();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Syncs what was written since the last sync, if anything. */
    void syncIfBehind() throws IOException {
        awaitSynced(written.offset());
    }

    /**
     * Closes the writer of a full segment before the log moves to the next one, syncing it first when
     * {@code force}. No sync may be running on it as it closes, so this waits for one in progress and
     * syncs while holding the lock.
     */
    void seal(Segment segment, boolean force) throws IOException {
        lock.lock();
        try {
            while (syncing) {
                syncDone.awaitUninterruptibly();
            }
            Mark target = written;
            if (force && synced != target) {
                checkHealthy();
                sync(target);
                completed(target);
            }
            segment.closeWriter();
        } finally {
            lock.unlock();
        }
    }

    /** One fsync of everything written so far, with the lock released while it runs; called holding the lock. */
    private void syncOnce() throws IOException {
        Mark target = written;
        syncing = true;
        lock.unlock();
        try {
            sync(target);
        } finally {
            lock.lock();
            syncing = false;
            syncDone.signalAll();
        }
        completed(target);
    }

    private void sync(Mark target) throws IOException {
        try {
            target.segment().sync();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void completed(Mark target) {
        metrics.fsync(topic);
        if (target.offset() >= synced.offset()) {
            synced = target;
        }
        onSynced.accept(target);
    }
}
