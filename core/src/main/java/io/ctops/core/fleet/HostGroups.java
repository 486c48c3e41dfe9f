package io.ctops.core.fleet;

import static io.ctops.db.jooq.Tables.HOST;
import static io.ctops.db.jooq.Tables.HOST_GROUP;
import static io.ctops.db.jooq.Tables.HOST_GROUP_MEMBER;
import static java.util.Objects.requireNonNull;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.audit.AuditLog;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/** Host groups of an organisation: names unique without regard to case, membership from either side. */
public final class HostGroups {

    private final DSLContext dsl;
    private final AuditLog audit;

    public HostGroups(DSLContext dsl, AuditLog audit) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    public List<HostGroup> list(Actor actor) {
        var count = DSL.count(HOST.ID);
        return dsl.select(HOST_GROUP.ID, HOST_GROUP.NAME, count)
                .from(HOST_GROUP)
                .leftJoin(HOST_GROUP_MEMBER).on(HOST_GROUP_MEMBER.GROUP_ID.eq(HOST_GROUP.ID))
                .leftJoin(HOST).on(HOST.ID.eq(HOST_GROUP_MEMBER.HOST_ID).and(HOST.DELETED_AT.isNull()))
                .where(HOST_GROUP.ORG_ID.eq(actor.orgId()))
                .groupBy(HOST_GROUP.ID, HOST_GROUP.NAME)
                .orderBy(DSL.lower(HOST_GROUP.NAME))
                .fetch(r -> new HostGroup(r.value1(), r.value2(), r.value3()));
    }

    public HostGroup create(Actor actor, String name) {
        actor.require(Role.ENGINEER);
        String clean = name(name);
        try {
            UUID id = dsl.insertInto(HOST_GROUP).set(HOST_GROUP.ORG_ID, actor.orgId()).set(HOST_GROUP.NAME, clean)
                    .returning(HOST_GROUP.ID).fetchOne(HOST_GROUP.ID);
            audit.record(actor.orgId(), actor.name(), "group.create", id.toString(), AuditLog.Outcome.OK, "name=" + clean);
            return new HostGroup(id, clean, 0);
        } catch (IntegrityConstraintViolationException e) {
            throw new Refusal(Refusal.Reason.CONFLICT, "a group named '" + clean + "' already exists");
        }
    }

    public HostGroup rename(Actor actor, UUID groupId, String name) {
        actor.require(Role.ENGINEER);
        String clean = name(name);
        get(actor, groupId);
        try {
            dsl.update(HOST_GROUP).set(HOST_GROUP.NAME, clean)
                    .where(HOST_GROUP.ORG_ID.eq(actor.orgId()), HOST_GROUP.ID.eq(groupId)).execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new Refusal(Refusal.Reason.CONFLICT, "a group named '" + clean + "' already exists");
        }
        audit.record(actor.orgId(), actor.name(), "group.rename", groupId.toString(), AuditLog.Outcome.OK, "name=" + clean);
        return get(actor, groupId);
    }

    /** Deletes a group; its hosts stay, they only leave the group. */
    public void delete(Actor actor, UUID groupId) {
        actor.require(Role.ENGINEER);
        HostGroup group = get(actor, groupId);
        dsl.deleteFrom(HOST_GROUP).where(HOST_GROUP.ORG_ID.eq(actor.orgId()), HOST_GROUP.ID.eq(groupId)).execute();
        audit.record(actor.orgId(), actor.name(), "group.delete", groupId.toString(), AuditLog.Outcome.OK, "name=" + group.name());
    }

    public HostGroup get(Actor actor, UUID groupId) {
        return list(actor).stream().filter(g -> g.id().equals(groupId)).findFirst()
                .orElseThrow(() -> Refusal.notFound("no such group"));
    }

    /** Adds hosts to a group; every host must be a live host of the actor's organisation. */
    public void addHosts(Actor actor, UUID groupId, Collection<UUID> hostIds) {
        actor.require(Role.ENGINEER);
        get(actor, groupId);
        Set<UUID> ids = Set.copyOf(hostIds);
        requireOwnHosts(actor, ids);
        dsl.transaction(cfg -> {
            for (UUID hostId : ids) {
                cfg.dsl().insertInto(HOST_GROUP_MEMBER).set(HOST_GROUP_MEMBER.GROUP_ID, groupId)
                        .set(HOST_GROUP_MEMBER.HOST_ID, hostId).onConflictDoNothing().execute();
            }
        });
        audit.record(actor.orgId(), actor.name(), "group.add-hosts", groupId.toString(), AuditLog.Outcome.OK, ids.size() + " host(s)");
    }

    public void removeHosts(Actor actor, UUID groupId, Collection<UUID> hostIds) {
        actor.require(Role.ENGINEER);
        get(actor, groupId);
        int removed = dsl.deleteFrom(HOST_GROUP_MEMBER)
                .where(HOST_GROUP_MEMBER.GROUP_ID.eq(groupId), HOST_GROUP_MEMBER.HOST_ID.in(hostIds)).execute();
        audit.record(actor.orgId(), actor.name(), "group.remove-hosts", groupId.toString(), AuditLog.Outcome.OK, removed + " host(s)");
    }

    /** The groups a host belongs to. */
    public List<HostGroup> groupsOf(Actor actor, UUID hostId) {
        Set<UUID> ids = Set.copyOf(dsl.select(HOST_GROUP_MEMBER.GROUP_ID).from(HOST_GROUP_MEMBER)
                .join(HOST_GROUP).on(HOST_GROUP.ID.eq(HOST_GROUP_MEMBER.GROUP_ID))
                .where(HOST_GROUP_MEMBER.HOST_ID.eq(hostId), HOST_GROUP.ORG_ID.eq(actor.orgId()))
                .fetch(HOST_GROUP_MEMBER.GROUP_ID));
        return list(actor).stream().filter(g -> ids.contains(g.id())).toList();
    }

    /** Sets the groups of one host (the host page's side of membership). */
    public void setGroupsOf(Actor actor, UUID hostId, Collection<UUID> groupIds) {
        actor.require(Role.ENGINEER);
        requireOwnHosts(actor, Set.of(hostId));
        Set<UUID> wanted = Set.copyOf(groupIds);
        Set<UUID> own = Set.copyOf(list(actor).stream().map(HostGroup::id).toList());
        if (!own.containsAll(wanted)) {
            throw Refusal.notFound("no such group");
        }
        dsl.transaction(cfg -> {
            cfg.dsl().deleteFrom(HOST_GROUP_MEMBER).where(HOST_GROUP_MEMBER.HOST_ID.eq(hostId),
                    HOST_GROUP_MEMBER.GROUP_ID.in(own)).execute();
            for (UUID groupId : wanted) {
                cfg.dsl().insertInto(HOST_GROUP_MEMBER).set(HOST_GROUP_MEMBER.GROUP_ID, groupId)
                        .set(HOST_GROUP_MEMBER.HOST_ID, hostId).execute();
            }
        });
        audit.record(actor.orgId(), actor.name(), "host.groups", hostId.toString(), AuditLog.Outcome.OK, wanted.size() + " group(s)");
    }

    private void requireOwnHosts(Actor actor, Set<UUID> ids) {
        if (ids.isEmpty()) {
            throw Refusal.invalid("choose at least one host");
        }
        int own = dsl.fetchCount(HOST, HOST.ORG_ID.eq(actor.orgId()), HOST.ID.in(ids), HOST.DELETED_AT.isNull());
        if (own != ids.size()) {
            throw Refusal.notFound("no such host");
        }
    }

    private static String name(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100 || clean.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid("group name must be 1-100 printable characters");
        }
        return clean;
    }
}
