package io.ctops.core.hosts;

import static java.util.Objects.requireNonNull;

import io.ctops.proto.queue.v1.AgentStatusChanged;
import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.Topics;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent.status events of transitions already written to the database, published in order. An
 * event the queue refuses stays here, with everything after it (a host's events keep their order),
 * and is published again at the next {@link #publishPending()}; beyond {@link #MAX_KEPT} the oldest
 * are dropped, said loudly, so a long queue outage cannot exhaust memory.
 */
final class StatusEventOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(StatusEventOutbox.class);
    static final int MAX_KEPT = 100_000;

    private final QueuePublisher queue;
    private final Deque<AgentStatusChanged> pending = new ArrayDeque<>();

    StatusEventOutbox(QueuePublisher queue) {
        this.queue = requireNonNull(queue, "queue is null");
    }

    /** Adds an event after those still waiting. */
    synchronized void add(AgentStatusChanged event) {
        if (pending.size() >= MAX_KEPT) {
            AgentStatusChanged dropped = pending.removeFirst();
            LOG.error("agent.status events pile up (queue refusing them); dropped host {} {} -> {}",
                    dropped.getHostId(), dropped.getFromStatus(), dropped.getToStatus());
        }
        pending.addLast(event);
    }

    /** Publishes waiting events in order until the queue refuses one; {@return how many were published} */
    synchronized int publishPending() {
        int published = 0;
        while (!pending.isEmpty()) {
            AgentStatusChanged next = pending.peekFirst();
            try {
                queue.publish(Topics.AGENT_STATUS, next.getHostId(), next);
            } catch (RuntimeException e) {
                LOG.warn("agent.status not published, {} event(s) kept for the next flush: {}", pending.size(), e.toString());
                return published;
            }
            pending.removeFirst();
            published++;
        }
        return published;
    }

    synchronized int size() {
        return pending.size();
    }
}
