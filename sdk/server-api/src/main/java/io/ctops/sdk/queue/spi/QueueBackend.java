package io.ctops.sdk.queue.spi;

import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A queue implementation as the server drives it: publish, then per consumer group poll a batch after
 * the committed positions and commit it once handled (at-least-once). Records with one key keep their
 * publishing order. The server's local write-ahead log is one; a plugin supplies another through a
 * {@link QueueProvider}.
 *
 * <p>Threads: {@link #publish} is called by many threads at once. For one group, {@link #poll},
 * {@link #commit} and {@link #release} come from one thread at a time (the group's consumer thread);
 * {@link #lag} and {@link #healthProblem} may come from any thread at any time and must return quickly.
 */
public interface QueueBackend extends QueuePublisher, AutoCloseable {

    /**
     * Up to {@code max} records after the group's committed positions, waiting up to {@code wait} for the
     * first one. Positions do not move until {@link #commit}: records polled but not committed come again
     * on the next poll.
     *
     * @throws io.ctops.sdk.queue.QueueException when the queue cannot be read now; the server retries later
     */
    List<QueueRecord<?>> poll(String group, List<Topic<?>> topics, int max, Duration wait) throws InterruptedException;

    /**
     * Moves the group past every record of a handled batch. {@link QueueRecord#offset()} is what the
     * backend put there when it delivered the record, so it may encode more than a position (a partition).
     */
    void commit(String group, List<QueueRecord<?>> batch);

    /** Records published but not yet committed by the group, per topic name; empty when not known now. */
    Map<String, Long> lag(String group, List<Topic<?>> topics);

    /**
     * The server stopped reading as this group (its plugin was disabled, say). A backend that holds
     * something per group, such as a membership in a broker's consumer group, lets it go; the group's
     * committed positions stay, and a later {@link #poll} resumes from them.
     */
    default void release(String group) {
    }

    /**
     * What keeps the queue from working now, in a few words an operator can act on (e.g.
     * "kafka broker unreachable at kafka-1:9092"); empty when it works. Shown on {@code /healthz}.
     */
    default Optional<String> healthProblem() {
        return Optional.empty();
    }

    /** Releases connections, files and threads; idempotent. */
    @Override
    void close();
}
