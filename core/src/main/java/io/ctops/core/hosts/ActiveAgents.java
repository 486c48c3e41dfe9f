package io.ctops.core.hosts;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.HOST;
import static java.util.Objects.requireNonNull;

import io.ctops.sdk.ingest.AgentRef;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Finds the host and organisation of an active agent when its heartbeat stream opens. */
public final class ActiveAgents {

    private final DSLContext dsl;

    public ActiveAgents(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    /** The agent, if it is active and its host is not deleted. */
    public Optional<AgentRef> find(UUID agentId) {
        return dsl.select(AGENT.ORG_ID, AGENT.HOST_ID).from(AGENT).join(HOST).on(HOST.ID.eq(AGENT.HOST_ID))
                .where(AGENT.ID.eq(agentId), AGENT.STATUS.eq("active"), HOST.DELETED_AT.isNull())
                .fetchOptional(r -> new AgentRef(r.value1(), r.value2(), agentId));
    }
}
