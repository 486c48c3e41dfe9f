package io.ctops.core.queue.wal;

/** When the log forces appended records to disk, trading publish latency for what a crash can lose. */
public enum FsyncPolicy {

    /**
     * {@code publish} returns only after an fsync covering its record. Concurrent publishers on one topic
     * share a single fsync (group commit), so throughput grows with the number of publishing threads.
     */
    ALWAYS,

    /**
     * {@code publish} returns after the write; a background task fsyncs at most every
     * {@link WalSettings#fsyncInterval()}. A machine crash can lose that last interval, a process crash nothing.
     */
    INTERVAL,

    /** Never fsyncs while running (the operating system writes back when it likes); {@code close} still does. */
    NEVER
}
