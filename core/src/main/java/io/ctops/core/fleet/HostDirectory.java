package io.ctops.core.fleet;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.ENROLMENT_TOKEN;
import static io.ctops.db.jooq.Tables.HOST;
import static io.ctops.db.jooq.Tables.HOST_GROUP;
import static io.ctops.db.jooq.Tables.HOST_GROUP_MEMBER;
import static io.ctops.db.jooq.Tables.HOST_STATUS_HISTORY;
import static io.ctops.db.jooq.Tables.ISSUED_CERTIFICATE;
import static java.util.Objects.requireNonNull;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.trueCondition;
import static org.jooq.impl.DSL.when;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.audit.AuditLog;
import io.ctops.core.identity.AgentApprovalService;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The hosts of an organisation as the list and the API page through them: search, filters and sort
 * run in PostgreSQL (never in memory), so 10,000 hosts page as fast as 100.
 */
public final class HostDirectory {

    private final DSLContext dsl;
    private final AgentApprovalService approvals;
    private final AuditLog audit;
    private static final int HOTSPOT_LIMIT = 20;

    private final Clock clock;

    public HostDirectory(DSLContext dsl, AgentApprovalService approvals, AuditLog audit, Clock clock) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.approvals = requireNonNull(approvals, "approvals is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The newest agent of each host (a re-registered host has several; the newest speaks for it). */
    private static final Table<?> LATEST_AGENT = lateral(select(AGENT.ID, AGENT.STATUS)
            .from(AGENT).where(AGENT.HOST_ID.eq(HOST.ID)).orderBy(AGENT.CREATED_AT.desc()).limit(1)).as("latest_agent");
    private static final Field<UUID> AGENT_ID = LATEST_AGENT.field(AGENT.ID);
    private static final Field<String> AGENT_STATUS = LATEST_AGENT.field(AGENT.STATUS);

    private Field<String> status() {
        OffsetDateTime staleBefore = clock.instant().minus(FleetRules.STALE_AFTER).atOffset(ZoneOffset.UTC);
        return when(AGENT_STATUS.eq("pending"), "pending")
                .when(AGENT_STATUS.eq("revoked"), "revoked")
                .when(HOST.STATUS.eq("online"), "online")
                .when(DSL.coalesce(HOST.LAST_SEEN_AT, HOST.CREATED_AT).lt(staleBefore), "stale")
                .when(HOST.STATUS.eq("never_seen"), "never_seen")
                .otherwise("offline");
    }

    public HostPage list(Actor actor, HostQuery query) {
        requireNonNull(query, "query is null");
        Field<String> status = status();
        Condition where = conditions(actor, query, status);
        long offset = (long) query.page() * query.pageSize();
        if (query.statuses().isEmpty() && query.sort() != HostSort.STATUS) {
            // the status (which needs each host's latest agent) neither filters nor sorts: count and
            // page on the host table alone, then look up the agents of the one page, so a large
            // fleet costs an index scan rather than an agent lookup per host
            long total = dsl.fetchCount(HOST, where);
            Table<?> page = dsl.selectFrom(HOST).where(where).orderBy(order(query, status))
                    .limit(query.pageSize()).offset(offset).asTable(HOST.getName());
            List<HostRow> rows = dsl.select(HOST.asterisk(), AGENT_ID, status.as("display_status"))
                    .from(page).leftJoin(LATEST_AGENT).on(trueCondition())
                    .orderBy(order(query, status))
                    .fetch(this::row);
            return new HostPage(rows, total, query.page(), query.pageSize());
        }
        long total = dsl.selectCount().from(HOST).leftJoin(LATEST_AGENT).on(trueCondition()).where(where).fetchOne(0, Long.class);
        List<HostRow> rows = dsl.select(HOST.asterisk(), AGENT_ID, status.as("display_status"))
                .from(HOST).leftJoin(LATEST_AGENT).on(trueCondition())
                .where(where)
                .orderBy(order(query, status))
                .limit(query.pageSize()).offset(offset)
                .fetch(this::row);
        return new HostPage(rows, total, query.page(), query.pageSize());
    }

    /** One host of the actor's organisation. */
    public HostRow get(Actor actor, UUID hostId) {
        Field<String> status = status();
        return dsl.select(HOST.asterisk(), AGENT_ID, status.as("display_status"))
                .from(HOST).leftJoin(LATEST_AGENT).on(trueCondition())
                .where(HOST.ORG_ID.eq(actor.orgId()), HOST.ID.eq(requireNonNull(hostId, "hostId is null")),
                        HOST.DELETED_AT.isNull())
                .fetchOptional(this::row)
                .orElseThrow(() -> Refusal.notFound("no such host"));
    }

    /** The dashboard's figures for the actor's organisation. */
    public FleetOverview overview(Actor actor) {
        Field<String> status = status();
        Condition live = HOST.ORG_ID.eq(actor.orgId()).and(HOST.DELETED_AT.isNull());
        Map<HostStatus, Long> byStatus = new EnumMap<>(HostStatus.class);
        for (HostStatus s : HostStatus.values()) {
            byStatus.put(s, 0L);
        }
        // grouped over a derived table: grouping by an expression with bind values fails in PostgreSQL
        Table<?> liveHosts = DSL.select(status.as("status"), DSL.coalesce(DSL.nullif(HOST.OS, ""), DSL.inline("unknown")).as("os"))
                .from(HOST).leftJoin(LATEST_AGENT).on(trueCondition()).where(live).asTable("live_hosts");
        Field<String> statusColumn = liveHosts.field("status", String.class);
        Field<String> osColumn = liveHosts.field("os", String.class);
        dsl.select(statusColumn, DSL.count()).from(liveHosts).groupBy(statusColumn)
                .fetch().forEach(r -> byStatus.put(HostStatus.parse(r.value1()), r.value2().longValue()));
        Map<String, Long> byOs = new LinkedHashMap<>();
        dsl.select(osColumn, DSL.count()).from(liveHosts).groupBy(osColumn).orderBy(DSL.count().desc(), osColumn)
                .fetch().forEach(r -> byOs.put(r.value1(), r.value2().longValue()));
        Field<Double> hottest = DSL.greatest(DSL.coalesce(HOST.CPU_PERCENT, 0.0), DSL.coalesce(HOST.MEMORY_PERCENT, 0.0),
                DSL.coalesce(HOST.ROOT_DISK_PERCENT, 0.0));
        List<HostRow> hotspots = dsl.select(HOST.asterisk(), AGENT_ID, status.as("display_status"))
                .from(HOST).leftJoin(LATEST_AGENT).on(trueCondition())
                .where(live, HOST.STATUS.eq("online"), hottest.ge(FleetRules.HOT_PERCENT))
                .orderBy(hottest.desc(), HOST.HOSTNAME).limit(HOTSPOT_LIMIT)
                .fetch(this::row);
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        return new FleetOverview(total, byStatus, byOs, hotspots);
    }

    /** Agents of the organisation waiting for approval, oldest first. */
    public List<PendingAgent> pending(Actor actor) {
        return dsl.select(AGENT.ID, HOST.ID, HOST.HOSTNAME, HOST.OS, HOST.IP_ADDRESSES, AGENT.CREATED_AT, ENROLMENT_TOKEN.NAME)
                .from(AGENT).join(HOST).on(HOST.ID.eq(AGENT.HOST_ID))
                .leftJoin(ENROLMENT_TOKEN).on(ENROLMENT_TOKEN.ID.eq(AGENT.ENROLMENT_TOKEN_ID))
                .where(AGENT.ORG_ID.eq(actor.orgId()), AGENT.STATUS.eq("pending"), HOST.DELETED_AT.isNull())
                .orderBy(AGENT.CREATED_AT)
                .fetch(r -> new PendingAgent(r.value1(), r.value2(), r.value3(), Optional.ofNullable(r.value4()),
                        r.value5() == null ? List.of() : Arrays.asList(r.value5()), r.value6().toInstant(),
                        Optional.ofNullable(r.value7())));
    }

    /** Approves a pending agent of the actor's organisation. */
    public void approve(Actor actor, UUID agentId) {
        actor.require(Role.ENGINEER);
        approvals.approve(actor.orgId(), agentId, actor.name());
    }

    /** Rejects a pending agent (or revokes an active one) of the actor's organisation. */
    public void reject(Actor actor, UUID agentId, String reason) {
        actor.require(Role.ENGINEER);
        approvals.revoke(actor.orgId(), agentId, actor.name(), reason);
    }

    /** The host page's overview: the row plus identity, certificate, vitals and the latest status changes. */
    public HostDetail detail(Actor actor, UUID hostId, List<HostGroup> groups) {
        HostRow row = get(actor, hostId);
        var h = dsl.selectFrom(HOST).where(HOST.ID.eq(hostId), HOST.ORG_ID.eq(actor.orgId())).fetchOne();
        Optional<String> agentStatus = Optional.empty();
        Optional<java.time.Instant> approvedAt = Optional.empty();
        Optional<java.time.Instant> expiry = Optional.empty();
        Optional<String> serial = Optional.empty();
        if (row.agentId().isPresent()) {
            var agent = dsl.selectFrom(AGENT).where(AGENT.ID.eq(row.agentId().get())).fetchOne();
            agentStatus = Optional.of(agent.getStatus());
            approvedAt = Optional.ofNullable(agent.getApprovedAt()).map(OffsetDateTime::toInstant);
            var certificate = dsl.select(ISSUED_CERTIFICATE.NOT_AFTER, ISSUED_CERTIFICATE.SERIAL).from(ISSUED_CERTIFICATE)
                    .where(ISSUED_CERTIFICATE.AGENT_ID.eq(agent.getId()), ISSUED_CERTIFICATE.REVOKED_AT.isNull())
                    .orderBy(ISSUED_CERTIFICATE.NOT_AFTER.desc()).limit(1).fetchOptional();
            expiry = certificate.map(c -> c.value1().toInstant());
            serial = certificate.map(c -> c.value2());
        }
        List<HostDetail.StatusChange> history = dsl.selectFrom(HOST_STATUS_HISTORY)
                .where(HOST_STATUS_HISTORY.HOST_ID.eq(hostId), HOST_STATUS_HISTORY.ORG_ID.eq(actor.orgId()))
                .orderBy(HOST_STATUS_HISTORY.AT.desc(), HOST_STATUS_HISTORY.ID.desc()).limit(50)
                .fetch(r -> new HostDetail.StatusChange(r.getAt().toInstant(), r.getFromStatus(), r.getToStatus(), r.getReason()));
        return new HostDetail(row, Optional.ofNullable(h.getArch()), Optional.ofNullable(h.getKernel()),
                h.getHeartbeatIntervalSecs(), optional(h.getSwapPercent()), optional(h.getLoad1()), optional(h.getLoad5()),
                optional(h.getLoad15()), h.getUptimeSecs() == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(h.getUptimeSecs()),
                Optional.ofNullable(h.getVitalsAt()).map(OffsetDateTime::toInstant), h.getCreatedAt().toInstant(),
                agentStatus, approvedAt, expiry, serial, history, groups);
    }

    /** Sets or clears the name shown instead of the hostname. */
    public HostRow rename(Actor actor, UUID hostId, String displayName) {
        actor.require(Role.ENGINEER);
        String name = displayName == null ? "" : displayName.strip();
        if (name.length() > 255) {
            throw Refusal.invalid("display name must be at most 255 characters");
        }
        get(actor, hostId);
        dsl.update(HOST).set(HOST.DISPLAY_NAME, name.isEmpty() ? null : name)
                .where(HOST.ORG_ID.eq(actor.orgId()), HOST.ID.eq(hostId)).execute();
        audit.record(actor.orgId(), actor.name(), "host.rename", hostId.toString(), AuditLog.Outcome.OK, null);
        return get(actor, hostId);
    }

    /**
     * Soft-deletes a host: it leaves every list and group, and its agents are revoked so they can no
     * longer connect. The rows stay for history; a re-installed agent registers as a new host.
     */
    public void delete(Actor actor, UUID hostId) {
        actor.require(Role.ENGINEER);
        HostRow host = get(actor, hostId);
        for (UUID agentId : dsl.select(AGENT.ID).from(AGENT)
                .where(AGENT.HOST_ID.eq(hostId), AGENT.ORG_ID.eq(actor.orgId()), AGENT.STATUS.ne("revoked")).fetch(AGENT.ID)) {
            approvals.revoke(actor.orgId(), agentId, actor.name(), "host deleted");
        }
        dsl.transaction(cfg -> {
            cfg.dsl().deleteFrom(HOST_GROUP_MEMBER).where(HOST_GROUP_MEMBER.HOST_ID.eq(hostId)).execute();
            cfg.dsl().update(HOST).set(HOST.DELETED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(HOST.ORG_ID.eq(actor.orgId()), HOST.ID.eq(hostId)).execute();
        });
        audit.record(actor.orgId(), actor.name(), "host.delete", hostId.toString(), AuditLog.Outcome.OK,
                "hostname=" + host.hostname());
    }

    private Condition conditions(Actor actor, HostQuery query, Field<String> status) {
        Condition where = HOST.ORG_ID.eq(actor.orgId()).and(HOST.DELETED_AT.isNull());
        if (!query.search().isEmpty()) {
            String pattern = "%" + escapeLike(query.search()) + "%";
            where = where.and(HOST.HOSTNAME.likeIgnoreCase(pattern, '\\')
                    .or(HOST.DISPLAY_NAME.likeIgnoreCase(pattern, '\\'))
                    .or(DSL.field("array_to_string({0}, ' ')", SQLDataType.VARCHAR, HOST.IP_ADDRESSES).likeIgnoreCase(pattern, '\\')));
        }
        if (!query.statuses().isEmpty()) {
            where = where.and(status.in(query.statuses().stream().map(HostStatus::id).toList()));
        }
        if (query.os().isPresent()) {
            where = where.and(HOST.OS.equalIgnoreCase(query.os().get()));
        }
        if (query.groupId().isPresent()) {
            where = where.and(exists(selectOne().from(HOST_GROUP_MEMBER).join(HOST_GROUP).on(HOST_GROUP.ID.eq(HOST_GROUP_MEMBER.GROUP_ID))
                    .where(HOST_GROUP_MEMBER.GROUP_ID.eq(query.groupId().get()), HOST_GROUP_MEMBER.HOST_ID.eq(HOST.ID),
                            HOST_GROUP.ORG_ID.eq(actor.orgId()))));
        }
        if (!query.tags().isEmpty()) {
            where = where.and(DSL.condition("{0} @> {1}::jsonb", HOST.TAGS, DSL.val(HostTags.json(HostTags.normalise(query.tags())))));
        }
        return where;
    }

    private static List<SortField<?>> order(HostQuery query, Field<String> status) {
        Field<?> column = switch (query.sort()) {
            case HOSTNAME -> DSL.lower(HOST.HOSTNAME);
            case OS -> DSL.lower(HOST.OS);
            case CPU -> HOST.CPU_PERCENT;
            case MEMORY -> HOST.MEMORY_PERCENT;
            case DISK -> HOST.ROOT_DISK_PERCENT;
            case LAST_SEEN -> HOST.LAST_SEEN_AT;
            case STATUS -> status;
        };
        List<SortField<?>> order = new ArrayList<>();
        order.add((query.descending() ? column.desc() : column.asc()).nullsLast());
        order.add(DSL.lower(HOST.HOSTNAME).asc());
        order.add(HOST.ID.asc());
        return order;
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private HostRow row(Record r) {
        String[] ips = r.get(HOST.IP_ADDRESSES);
        return new HostRow(r.get(HOST.ID), r.get(HOST.HOSTNAME), Optional.ofNullable(r.get(HOST.DISPLAY_NAME)),
                Optional.ofNullable(r.get(HOST.OS)), Optional.ofNullable(r.get(HOST.OS_VERSION)),
                ips == null ? List.of() : Arrays.asList(ips), HostTags.fromJson(r.get(HOST.TAGS)),
                HostStatus.parse(r.get("display_status", String.class)),
                optional(r.get(HOST.CPU_PERCENT)), optional(r.get(HOST.MEMORY_PERCENT)), optional(r.get(HOST.ROOT_DISK_PERCENT)),
                Optional.ofNullable(r.get(HOST.LAST_SEEN_AT)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.get(HOST.AGENT_VERSION)), Optional.ofNullable(r.get(AGENT_ID)));
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
