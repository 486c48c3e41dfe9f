package io.ctops.agent.checks;

import io.ctops.proto.agent.v1.CheckResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Check results waiting for the next heartbeat. A heartbeat takes a copy of what waits
 * ({@link #pending}); the results leave the queue only once that heartbeat has been handed over to
 * the stream or the spool ({@link #remove}), so a heartbeat that fails to be built loses nothing.
 *
 * <p>Bounded: when heartbeats stop being built for long, the oldest results are dropped.
 */
public final class CheckResultQueue {

    /** Enough for every check of a large set to report a few times between two heartbeats. */
    public static final int DEFAULT_CAPACITY = 2000;
    private static final Logger log = LoggerFactory.getLogger(CheckResultQueue.class);

    private final int capacity;
    private final Deque<CheckResult> results = new ArrayDeque<>();
    private long dropped;

    /** A queue of {@link #DEFAULT_CAPACITY} results. */
    public CheckResultQueue() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * @param capacity how many results may wait at most
     */
    public CheckResultQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Adds a result; when the queue is full the oldest one is dropped. */
    public synchronized void add(CheckResult result) {
        requireNonNull(result, "result is null");
        if (results.size() == capacity) {
            results.removeFirst();
            if (dropped++ % 100 == 0) {
                log.warn("Check results are not being sent; dropped the oldest ({} so far)", dropped);
            }
        }
        results.addLast(result);
    }

    /** {@return up to {@code max} waiting results, oldest first; they stay in the queue} */
    public synchronized List<CheckResult> pending(int max) {
        List<CheckResult> copy = new ArrayList<>(Math.min(max, results.size()));
        Iterator<CheckResult> it = results.iterator();
        while (it.hasNext() && copy.size() < max) {
            copy.add(it.next());
        }
        return copy;
    }

    /** Removes these results (one occurrence each), which a heartbeat now carries. */
    public synchronized void remove(List<CheckResult> sent) {
        requireNonNull(sent, "sent is null");
        for (CheckResult result : sent) {
            results.removeFirstOccurrence(result);
        }
    }

    /** {@return how many results wait} */
    public synchronized int size() {
        return results.size();
    }
}
