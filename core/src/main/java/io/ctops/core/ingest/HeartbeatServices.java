package io.ctops.core.ingest;

import static java.util.Objects.requireNonNull;

import io.ctops.core.hosts.ActiveAgents;
import io.ctops.core.hosts.HostStatusTransitions;
import io.ctops.core.hosts.VitalsBatcher;
import io.ctops.sdk.queue.QueuePublisher;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/** What a heartbeat stream needs: where agents are looked up, where status, vitals and messages go. */
public record HeartbeatServices(ActiveAgents agents, HostStatusTransitions transitions, VitalsBatcher vitals,
                                QueuePublisher queue, HeartbeatContributors contributors, Clock clock,
                                Counters counters) {

    public HeartbeatServices {
        requireNonNull(agents, "agents is null");
        requireNonNull(transitions, "transitions is null");
        requireNonNull(vitals, "vitals is null");
        requireNonNull(queue, "queue is null");
        requireNonNull(contributors, "contributors is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(counters, "counters is null");
    }

    /** Heartbeat counters for /metrics. */
    public static final class Counters {
        final LongAdder received = new LongAdder();
        final LongAdder stored = new LongAdder();
        final LongAdder rateLimited = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder openStreams = new LongAdder();
        /** Streams ended by {@link HeartbeatGuard}; their last heartbeat is not counted as received. */
        final LongAdder refusedTooLarge = new LongAdder();
        final LongAdder refusedTooFast = new LongAdder();

        public long received() {
            return received.sum();
        }

        public long stored() {
            return stored.sum();
        }

        public long rateLimited() {
            return rateLimited.sum();
        }

        public long rejected() {
            return rejected.sum();
        }

        public long openStreams() {
            return openStreams.sum();
        }

        public long refusedTooLarge() {
            return refusedTooLarge.sum();
        }

        public long refusedTooFast() {
            return refusedTooFast.sum();
        }
    }
}
