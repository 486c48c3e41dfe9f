package io.ctops.core.queue.wal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous publishes of one topic whose futures have not been completed yet, in offset order.
 * Filled and drained under the topic's append lock; only the {@link LogFlusher} completes them, so
 * they complete in the order they were published.
 */
final class PendingPublishes {

    /**
     * One publish: its record's offset, or, when the log refused it, why. A refusal waits its turn
     * like the rest, so futures never complete out of order.
     */
    record Pending(long offset, CompletableFuture<Void> future, IOException refused) {
    }

    private List<Pending> waiting = new ArrayList<>();

    void add(long offset, CompletableFuture<Void> future) {
        waiting.add(new Pending(offset, future, null));
    }

    void refuse(CompletableFuture<Void> future, IOException why) {
        waiting.add(new Pending(-1, future, why));
    }

    /**
     * A write of the records from {@code offset} on failed and was undone: their publishes fail, and the
     * offsets will be given to the next records.
     */
    void failFrom(long offset, IOException why) {
        waiting.replaceAll(p -> p.refused() == null && p.offset() >= offset ? new Pending(-1, p.future(), why) : p);
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Everything waiting, oldest first; the list is the caller's from now on. */
    List<Pending> drain() {
        List<Pending> drained = waiting;
        waiting = new ArrayList<>(Math.max(16, drained.size()));
        return drained;
    }
}
