package io.ctops.core.queue.wal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes waiting pollers when records become visible. A version number lets a poller read without any
 * lock and wait only if nothing changed since; publishers take the lock only when someone is waiting.
 */
final class PollSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();

    /** The version to pass to {@link #awaitChange} after reading found nothing. */
    long version() {
        return version.get();
    }

    /** Records became visible (or the queue closed). */
    void signal() {
        version.incrementAndGet();
        // A waiter registers before re-checking the version under the lock and we bump the version
        // before looking for waiters, so either it sees the new version or we see it waiting.
        if (waiting.get() > 0) {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until the version moves past {@code seen}, at most {@code nanos}; returns the time left. */
    long awaitChange(long seen, long nanos) throws InterruptedException {
        long remaining = nanos;
        waiting.incrementAndGet();
        lock.lock();
        try {
            while (version.get() == seen && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return remaining;
        } finally {
            lock.unlock();
            waiting.decrementAndGet();
        }
    }
}
