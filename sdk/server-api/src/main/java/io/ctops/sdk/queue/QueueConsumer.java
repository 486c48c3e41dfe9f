package io.ctops.sdk.queue;

import java.time.Duration;
import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Receives batches of messages from one or more topics as a member of a consumer group.
 *
 * <p>Delivery is at-least-once: the queue commits a batch only after {@link #handle} returned, so
 * after a crash or a thrown exception the same records come again. Write idempotently (for example
 * {@code INSERT ... ON CONFLICT DO NOTHING}). Records with one key arrive in publishing order.
 */
public interface QueueConsumer extends ExtensionPoint {

    /** The consumer group; each group sees every message once. By convention {@code <plugin-id>.<purpose>}. */
    String group();

    /** The topics to read. */
    List<Topic<?>> topics();

    /** The most records handed to one {@link #handle} call. */
    default int maxBatchSize() {
        return 500;
    }

    /**
     * After a batch that was not full, how long from reading it the server lets records gather before it
     * reads again, so that records trickling in are handled many per call instead of one by one (fewer
     * database round trips for a consumer that writes each batch in one statement). The time the batch took
     * to handle counts towards it, so it is also the most it adds to a record's delay; zero (the default)
     * reads again at once.
     */
    default Duration linger() {
        return Duration.ZERO;
    }

    /** Handles one batch; throw to have it delivered again. */
    void handle(List<QueueRecord<?>> batch) throws Exception;
}
