package io.ctops.core.hosts;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import io.ctops.proto.queue.v1.AgentStatusChanged;
import io.ctops.sdk.ingest.AgentRef;
import io.ctops.sdk.queue.QueuePublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online/offline transitions of hosts: each one updates the host row, appends to the host's status
 * history and is published on {@code agent.status}, in that order (the row is the truth, the topic
 * tells the rest of the system).
 *
 * <p>Streams opening and closing are remembered per host, in order, and written at the next
 * {@link #flush()} (once a second), a few statements for any number of hosts: a reconnect storm of
 * thousands of agents is not a transaction per agent. What the database refuses stays pending; an
 * event the queue refuses is published again at the next flush ({@link StatusEventOutbox}).
 */
public final class HostStatusTransitions {

    private static final Logger LOG = LoggerFactory.getLogger(HostStatusTransitions.class);
    /** Hosts per statement. */
    static final int CHUNK = 2000;
    /** Intents kept per host between flushes. */
    static final int MAX_PER_HOST = 32;

    private enum Kind { OPENED, CLOSED }

    private record Pending(Kind kind, HostStatusWrites.Intent intent) {
    }

    private final HostStatusWrites writes;
    private final StatusEventOutbox outbox;
    private final Clock clock;
    private final Map<UUID, List<Pending>> pending = new ConcurrentHashMap<>();
    private final Set<UUID> offlineWhileHeartbeating = ConcurrentHashMap.newKeySet();

    public HostStatusTransitions(DSLContext dsl, QueuePublisher queue, Clock clock, String instanceId) {
        this.writes = new HostStatusWrites(dsl, instanceId);
        this.outbox = new StatusEventOutbox(queue);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The agent's stream is open and its first heartbeat arrived: the host goes online, held by this instance. */
    public void online(AgentRef agent, int intervalSecs, String reason) {
        remember(Kind.OPENED, agent, intervalSecs, reason);
    }

    /**
     * These hosts' rows say offline though their heartbeats still arrive: the sweeper marked them while
     * their heartbeats were late, on a stream that stayed open. Their streams bring them back online.
     */
    public void heartbeatingWhileOffline(List<UUID> hostIds) {
        offlineWhileHeartbeating.addAll(hostIds);
    }

    /** {@return whether the host was found offline while heartbeating} and forgets it. */
    public boolean takeHeartbeatingWhileOffline(UUID hostId) {
        return !offlineWhileHeartbeating.isEmpty() && offlineWhileHeartbeating.remove(hostId);
    }

    /** The stream closed: offline, unless another instance (or a newer stream) holds the host by then. */
    public void streamClosed(AgentRef agent, String reason) {
        remember(Kind.CLOSED, agent, 0, reason);
    }

    private void remember(Kind kind, AgentRef agent, int intervalSecs, String reason) {
        Pending intent = new Pending(kind, new HostStatusWrites.Intent(agent.orgId(), agent.hostId(), agent.agentId(),
                intervalSecs, reason, clock.instant()));
        pending.compute(agent.hostId(), (hostId, intents) -> {
            List<Pending> list = intents == null ? new ArrayList<>() : intents;
            if (list.size() >= MAX_PER_HOST) {
                list.remove(0); // a host flapping while the database is away: its oldest intents go first
            }
            list.add(intent);
            return list;
        });
    }

    /**
     * Writes the transitions remembered since the last flush and publishes their events (and those
     * still waiting from earlier flushes); {@return the number of hosts whose status changed}
     *
     * <p>A host's intents are written in the order they came, in rounds: the first of every host,
     * then the second of those that have one, and so on; usually there is one round. A host whose
     * intent the database refused is skipped for the rest of the flush and keeps that intent and
     * the later ones, ahead of any that arrive meanwhile.
     */
    public synchronized int flush() {
        int changed = 0;
        if (!pending.isEmpty()) {
            Map<UUID, List<Pending>> drained = new HashMap<>();
            for (UUID hostId : List.copyOf(pending.keySet())) {
                List<Pending> intents = pending.remove(hostId);
                if (intents != null) {
                    drained.put(hostId, intents);
                }
            }
            Map<UUID, List<Pending>> unwritten = new HashMap<>();
            for (int round = 0; ; round++) {
                List<HostStatusWrites.Intent> opened = new ArrayList<>();
                List<HostStatusWrites.Intent> closed = new ArrayList<>();
                for (Map.Entry<UUID, List<Pending>> host : drained.entrySet()) {
                    if (round < host.getValue().size() && !unwritten.containsKey(host.getKey())) {
                        Pending p = host.getValue().get(round);
                        (p.kind() == Kind.OPENED ? opened : closed).add(p.intent());
                    }
                }
                if (opened.isEmpty() && closed.isEmpty()) {
                    break;
                }
                Set<UUID> failed = new HashSet<>();
                changed += write(opened, Kind.OPENED, failed);
                changed += write(closed, Kind.CLOSED, failed);
                for (UUID hostId : failed) {
                    List<Pending> intents = drained.get(hostId);
                    unwritten.put(hostId, intents.subList(round, intents.size()));
                }
            }
            unwritten.forEach((hostId, rest) -> pending.merge(hostId, new ArrayList<>(rest), (arrived, kept) -> {
                kept.addAll(arrived);
                return kept;
            }));
        }
        outbox.publishPending();
        return changed;
    }

    private int write(List<HostStatusWrites.Intent> intents, Kind kind, Set<UUID> failed) {
        int changed = 0;
        for (int from = 0; from < intents.size(); from += CHUNK) {
            List<HostStatusWrites.Intent> chunk = intents.subList(from, Math.min(intents.size(), from + CHUNK));
            try {
                List<HostStatusWrites.Change> changes = kind == Kind.OPENED ? writes.online(chunk) : writes.offline(chunk);
                changes.forEach(c -> outbox.add(event(c)));
                changed += changes.size();
            } catch (RuntimeException e) {
                chunk.forEach(i -> failed.add(i.hostId()));
                LOG.warn("Status of {} host(s) not written, retrying at the next flush: {}", chunk.size(), e.toString());
            }
        }
        return changed;
    }

    /** Marks offline every online host whose last heartbeat is older than twice its interval (plus a grace). */
    public synchronized int sweep(int graceSecs) {
        List<HostStatusWrites.Change> swept = writes.sweep(clock.instant(), graceSecs);
        swept.forEach(c -> outbox.add(event(c)));
        outbox.publishPending();
        if (!swept.isEmpty()) {
            LOG.info("Sweeper marked {} host(s) offline", swept.size());
        }
        return swept.size();
    }

    /** Transitions remembered and not yet written. */
    public int pendingTransitions() {
        return pending.values().stream().mapToInt(List::size).sum();
    }

    /** Events written to the database whose publication the queue refused so far. */
    public int unpublishedEvents() {
        return outbox.size();
    }

    private static AgentStatusChanged event(HostStatusWrites.Change c) {
        return AgentStatusChanged.newBuilder()
                .setOrgId(c.orgId().toString()).setHostId(c.hostId().toString())
                .setAgentId(c.agentId() == null ? "" : c.agentId().toString())
                .setFromStatus(c.from()).setToStatus(c.to()).setReason(c.reason())
                .setAt(Timestamp.newBuilder().setSeconds(c.at().getEpochSecond()).setNanos(c.at().getNano()))
                .build();
    }
}
