package io.ctops.core.plugin;

import static io.ctops.db.jooq.Tables.HOST;
import static java.util.Objects.requireNonNull;

import io.ctops.sdk.fleet.HostRef;
import io.ctops.sdk.fleet.Hosts;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** {@link Hosts} for plugins: the host table, read-only, always scoped by organisation, deleted hosts left out. */
final class PluginHostLookup implements Hosts {

    private static final int MAX_LIMIT = 1000;

    private final DSLContext dsl;

    PluginHostLookup(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    @Override
    public Optional<HostRef> find(UUID orgId, UUID hostId) {
        requireNonNull(orgId, "orgId is null");
        requireNonNull(hostId, "hostId is null");
        return dsl.select(HOST.ID, HOST.ORG_ID, HOST.HOSTNAME).from(HOST)
                .where(HOST.ID.eq(hostId).and(HOST.ORG_ID.eq(orgId)).and(HOST.DELETED_AT.isNull()))
                .fetchOptional(r -> new HostRef(r.value1(), r.value2(), r.value3()));
    }

    @Override
    public List<HostRef> search(UUID orgId, String search, int limit) {
        requireNonNull(orgId, "orgId is null");
        String text = search == null ? "" : search.strip();
        return dsl.select(HOST.ID, HOST.ORG_ID, HOST.HOSTNAME).from(HOST)
                .where(HOST.ORG_ID.eq(orgId).and(HOST.DELETED_AT.isNull())
                        .and(text.isEmpty() ? org.jooq.impl.DSL.trueCondition() : HOST.HOSTNAME.containsIgnoreCase(text)))
                .orderBy(HOST.HOSTNAME, HOST.ID)
                .limit(Math.max(1, Math.min(limit, MAX_LIMIT)))
                .fetch(r -> new HostRef(r.value1(), r.value2(), r.value3()));
    }
}
