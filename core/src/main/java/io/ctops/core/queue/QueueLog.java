package io.ctops.core.queue;

import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A queue implementation as the consumer runtime drives it: publish, then per consumer group poll a
 * batch after the committed positions and commit it once handled (at-least-once). Records with one
 * key keep their publishing order.
 */
public interface QueueLog extends QueuePublisher, AutoCloseable {

    /**
     * Up to {@code max} records after the group's committed positions, waiting up to {@code wait}
     * for the first one. Positions do not move until {@link #commit}.
     */
    List<QueueRecord<?>> poll(String group, List<Topic<?>> topics, int max, Duration wait) throws InterruptedException;

    /** Moves the group past every record of a handled batch. */
    void commit(String group, List<QueueRecord<?>> batch);

    /** Records published but not yet committed by the group, per topic. */
    Map<String, Long> lag(String group, List<Topic<?>> topics);

    /** Releases files and threads; idempotent. */
    @Override
    void close();
}
