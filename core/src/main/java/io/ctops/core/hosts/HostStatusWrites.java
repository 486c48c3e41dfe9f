package io.ctops.core.hosts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The statements behind host status transitions, each one statement for any number of hosts: the
 * host rows change, their history rows (dated when the stream opened or closed, not when written)
 * are inserted and the changes come back, atomically (a data-modifying WITH), so a flush of
 * thousands of transitions is a few statements rather than a transaction per host. Written as SQL because jOOQ's DSL does not express UPDATE ... RETURNING
 * inside WITH.
 */
final class HostStatusWrites {

    /** A transition that happened, to be published on agent.status. */
    record Change(UUID orgId, UUID hostId, UUID agentId, String from, String to, String reason, Instant at) {
    }

    /** A stream that opened (to online) or closed (to offline, if this instance still holds the host). */
    record Intent(UUID orgId, UUID hostId, UUID agentId, int intervalSecs, String reason, Instant at) {
    }

    private final DSLContext dsl;
    private final String instanceId;

    HostStatusWrites(DSLContext dsl, String instanceId) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.instanceId = requireNonNull(instanceId, "instanceId is null");
    }

    /**
     * Online, held by this instance, for each host; the previous status is read under the row lock
     * (rows locked in id order, so two flushes cannot deadlock), and only a host that was not online
     * gets a history row and comes back as a change.
     */
    List<Change> online(List<Intent> intents) {
        Map<UUID, Intent> byHost = byHost(intents);
        return dsl.resultQuery("""
                        WITH v AS (SELECT * FROM unnest({0}, {1}, {2}, {3}, {4}) AS v(id, org_id, interval_secs, reason, at)),
                        changed AS (
                            UPDATE host h
                               SET status = 'online', last_seen_at = greatest(h.last_seen_at, v.at),
                                   heartbeat_interval_secs = v.interval_secs, ingest_instance = {5}
                              FROM (SELECT o.id, o.status FROM host o WHERE o.id = ANY({0}) ORDER BY o.id FOR UPDATE) old, v
                             WHERE h.id = old.id AND h.id = v.id AND h.org_id = v.org_id
                            RETURNING h.id, h.org_id, old.status AS before, v.reason, v.at),
                        history AS (
                            INSERT INTO host_status_history (org_id, host_id, at, from_status, to_status, reason)
                            SELECT org_id, id, at, before, 'online', reason FROM changed WHERE before <> 'online')
                        SELECT id, before FROM changed WHERE before <> 'online'
                        """,
                        ids(intents), orgs(intents),
                        DSL.val(intents.stream().map(Intent::intervalSecs).toArray(Integer[]::new),
                                SQLDataType.INTEGER.getArrayDataType()),
                        reasons(intents), times(intents), DSL.val(instanceId))
                .fetch(r -> change(byHost.get(r.get("id", UUID.class)), r.get("before", String.class), "online"));
    }

    /** Offline for each host this instance still holds online; the others are left to whoever holds them. */
    List<Change> offline(List<Intent> intents) {
        Map<UUID, Intent> byHost = byHost(intents);
        return dsl.resultQuery("""
                        WITH v AS (SELECT * FROM unnest({0}, {1}, {2}, {3}) AS v(id, org_id, reason, at)),
                        changed AS (
                            UPDATE host h SET status = 'offline'
                              FROM v
                             WHERE h.id = v.id AND h.org_id = v.org_id AND h.status = 'online' AND h.ingest_instance = {4}
                            RETURNING h.id, h.org_id, v.reason, v.at),
                        history AS (
                            INSERT INTO host_status_history (org_id, host_id, at, from_status, to_status, reason)
                            SELECT org_id, id, at, 'online', 'offline', reason FROM changed)
                        SELECT id FROM changed
                        """,
                        ids(intents), orgs(intents), reasons(intents), times(intents), DSL.val(instanceId))
                .fetch(r -> change(byHost.get(r.get("id", UUID.class)), "online", "offline"));
    }

    /** Offline for every online host whose last heartbeat is older than twice its interval plus the grace. */
    List<Change> sweep(Instant now, int graceSecs) {
        return dsl.resultQuery("""
                        WITH swept AS (
                            UPDATE host SET status = 'offline'
                             WHERE status = 'online'
                               AND last_seen_at < {0} - make_interval(secs => heartbeat_interval_secs * 2 + {1})
                            RETURNING id, org_id, heartbeat_interval_secs),
                        history AS (
                            INSERT INTO host_status_history (org_id, host_id, at, from_status, to_status, reason)
                            SELECT org_id, id, {0}, 'online', 'offline',
                                   'no heartbeat for more than twice its interval (' || heartbeat_interval_secs || ' s)'
                              FROM swept)
                        SELECT id, org_id FROM swept
                        """,
                        DSL.val(now.atOffset(ZoneOffset.UTC)), DSL.val(graceSecs))
                .fetch(r -> new Change(r.get("org_id", UUID.class), r.get("id", UUID.class), null, "online", "offline",
                        "heartbeat overdue", now));
    }

    private static Change change(Intent intent, String from, String to) {
        return new Change(intent.orgId(), intent.hostId(), intent.agentId(), from, to, intent.reason(), intent.at());
    }

    private static Map<UUID, Intent> byHost(List<Intent> intents) {
        return intents.stream().collect(Collectors.toMap(Intent::hostId, Function.identity(), (a, b) -> b));
    }

    private static Field<UUID[]> ids(List<Intent> intents) {
        return DSL.val(intents.stream().map(Intent::hostId).toArray(UUID[]::new), SQLDataType.UUID.getArrayDataType());
    }

    private static Field<UUID[]> orgs(List<Intent> intents) {
        return DSL.val(intents.stream().map(Intent::orgId).toArray(UUID[]::new), SQLDataType.UUID.getArrayDataType());
    }

    private static Field<String[]> reasons(List<Intent> intents) {
        return DSL.val(intents.stream().map(Intent::reason).toArray(String[]::new), SQLDataType.CLOB.getArrayDataType());
    }

    private static Field<OffsetDateTime[]> times(List<Intent> intents) {
        return DSL.val(intents.stream().map(i -> i.at().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new),
                SQLDataType.TIMESTAMPWITHTIMEZONE.getArrayDataType());
    }
}
