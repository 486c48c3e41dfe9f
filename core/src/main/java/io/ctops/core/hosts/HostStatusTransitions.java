package io.ctops.core.hosts;

import static io.ctops.db.jooq.Tables.HOST;
import static io.ctops.db.jooq.Tables.HOST_STATUS_HISTORY;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import io.ctops.proto.queue.v1.AgentStatusChanged;
import io.ctops.sdk.ingest.AgentRef;
import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online/offline transitions of hosts: each one updates the host row, appends to the host's status
 * history and is published on {@code agent.status}, in that order (the row is the truth, the topic
 * tells the rest of the system).
 */
public final class HostStatusTransitions {

    private static final Logger LOG = LoggerFactory.getLogger(HostStatusTransitions.class);

    private final DSLContext dsl;
    private final QueuePublisher queue;
    private final Clock clock;
    private final String instanceId;

    public HostStatusTransitions(DSLContext dsl, QueuePublisher queue, Clock clock, String instanceId) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.queue = requireNonNull(queue, "queue is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.instanceId = requireNonNull(instanceId, "instanceId is null");
    }

    /** The agent's stream is open and its first heartbeat arrived: the host is online, held by this instance. */
    public void online(AgentRef agent, int intervalSecs, String reason) {
        Instant now = clock.instant();
        String previous = dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            String before = tx.select(HOST.STATUS).from(HOST)
                    .where(HOST.ID.eq(agent.hostId()), HOST.ORG_ID.eq(agent.orgId())).forUpdate().fetchOne(HOST.STATUS);
            tx.update(HOST).set(HOST.STATUS, "online").set(HOST.LAST_SEEN_AT, now.atOffset(ZoneOffset.UTC))
                    .set(HOST.HEARTBEAT_INTERVAL_SECS, intervalSecs).set(HOST.INGEST_INSTANCE, instanceId)
                    .where(HOST.ID.eq(agent.hostId()), HOST.ORG_ID.eq(agent.orgId())).execute();
            if (before != null && !"online".equals(before)) {
                history(tx, agent.orgId(), agent.hostId(), before, "online", reason);
            }
            return before;
        });
        if (previous != null && !"online".equals(previous)) {
            publish(agent.orgId(), agent.hostId(), agent.agentId(), previous, "online", reason, now);
        }
    }

    /**
     * The stream closed: offline, unless another instance (or a newer stream) holds the host by now.
     */
    public void streamClosed(AgentRef agent, String reason) {
        Instant now = clock.instant();
        int changed = dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            int updated = tx.update(HOST).set(HOST.STATUS, "offline")
                    .where(HOST.ID.eq(agent.hostId()), HOST.ORG_ID.eq(agent.orgId()), HOST.STATUS.eq("online"),
                            HOST.INGEST_INSTANCE.eq(instanceId))
                    .execute();
            if (updated > 0) {
                history(tx, agent.orgId(), agent.hostId(), "online", "offline", reason);
            }
            return updated;
        });
        if (changed > 0) {
            publish(agent.orgId(), agent.hostId(), agent.agentId(), "online", "offline", reason, now);
        }
    }

    /** Marks offline every online host whose last heartbeat is older than twice its interval (plus a grace). */
    public int sweep(int graceSecs) {
        Instant now = clock.instant();
        var swept = dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            var rows = tx.update(HOST).set(HOST.STATUS, "offline")
                    .where(HOST.STATUS.eq("online"),
                            // typed template: last_seen_at < now() - (2 x interval + grace) seconds
                            org.jooq.impl.DSL.condition("{0} < {1} - make_interval(secs => {2} * 2 + {3})",
                                    HOST.LAST_SEEN_AT, org.jooq.impl.DSL.val(now.atOffset(ZoneOffset.UTC)),
                                    HOST.HEARTBEAT_INTERVAL_SECS, org.jooq.impl.DSL.val(graceSecs)))
                    .returning(HOST.ID, HOST.ORG_ID, HOST.HEARTBEAT_INTERVAL_SECS)
                    .fetch();
            for (var row : rows) {
                history(tx, row.getOrgId(), row.getId(), "online", "offline",
                        "no heartbeat for more than twice its interval (" + row.getHeartbeatIntervalSecs() + " s)");
            }
            return rows;
        });
        for (var row : swept) {
            publish(row.getOrgId(), row.getId(), null, "online", "offline", "heartbeat overdue", now);
        }
        if (!swept.isEmpty()) {
            LOG.info("Sweeper marked {} host(s) offline", swept.size());
        }
        return swept.size();
    }

    private static void history(DSLContext tx, UUID orgId, UUID hostId, String from, String to, String reason) {
        tx.insertInto(HOST_STATUS_HISTORY)
                .set(HOST_STATUS_HISTORY.ORG_ID, orgId)
                .set(HOST_STATUS_HISTORY.HOST_ID, hostId)
                .set(HOST_STATUS_HISTORY.FROM_STATUS, from)
                .set(HOST_STATUS_HISTORY.TO_STATUS, to)
                .set(HOST_STATUS_HISTORY.REASON, reason)
                .execute();
    }

    private void publish(UUID orgId, UUID hostId, UUID agentId, String from, String to, String reason, Instant at) {
        try {
            queue.publish(Topics.AGENT_STATUS, hostId.toString(), AgentStatusChanged.newBuilder()
                    .setOrgId(orgId.toString()).setHostId(hostId.toString())
                    .setAgentId(agentId == null ? "" : agentId.toString())
                    .setFromStatus(from).setToStatus(to).setReason(reason)
                    .setAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                    .build());
        } catch (RuntimeException e) {
            // the row and history are written; the event is lost only if the queue refuses it
            LOG.error("Host {} went {} but agent.status could not be published: {}", hostId, to, e.toString());
        }
    }
}
