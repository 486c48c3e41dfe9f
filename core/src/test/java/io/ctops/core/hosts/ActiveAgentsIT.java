package io.ctops.core.hosts;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.org.Organisations;
import io.ctops.core.testing.MigratedDatabase;
import io.ctops.sdk.ingest.AgentRef;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Agent lookups at stream opening, alone and in a storm, on a real database. */
class ActiveAgentsIT {

    private static MigratedDatabase database;
    private static DSLContext dsl;
    private static UUID org;

    @BeforeAll
    static void start() {
        database = MigratedDatabase.create("active-agents-it", 8);
        dsl = database.dsl();
        org = new Organisations(dsl).create("active-agents-it");
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void onlyActiveAgentsOfLiveHostsAreFound() {
        ActiveAgents agents = new ActiveAgents(dsl);
        UUID active = agent("active", false);
        assertEquals(Optional.of(new AgentRef(org, hostOf(active), active)), agents.find(active));
        assertEquals(Optional.empty(), agents.find(agent("pending", false)));
        assertEquals(Optional.empty(), agents.find(agent("revoked", false)));
        assertEquals(Optional.empty(), agents.find(agent("active", true)), "its host is deleted");
        assertEquals(Optional.empty(), agents.find(UUID.randomUUID()));
    }

    @Test
    void aStormOfLookupsTakesFarFewerQueriesThanAgents() throws Exception {
        AtomicInteger statements = new AtomicInteger();
        ActiveAgents agents = new ActiveAgents(database.counting(statements));
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(agent(i % 10 == 0 ? "revoked" : "active", false));
        }
        ExecutorService threads = Executors.newFixedThreadPool(64);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Optional<AgentRef>>> results = new ArrayList<>();
            for (UUID id : ids) {
                results.add(threads.submit(() -> {
                    go.await();
                    return agents.find(id);
                }));
            }
            go.countDown();
            for (int i = 0; i < ids.size(); i++) {
                Optional<AgentRef> found = results.get(i).get();
                assertEquals(i % 10 != 0, found.isPresent(), "agent " + i);
                found.ifPresent(ref -> assertEquals(hostOf(ref.agentId()), ref.hostId()));
            }
        } finally {
            threads.shutdownNow();
        }
        assertTrue(statements.get() < 100, "200 concurrent lookups took " + statements.get() + " queries");
    }

    private static UUID agent(String status, boolean hostDeleted) {
        UUID host = dsl.insertInto(HOST).set(HOST.ORG_ID, org).set(HOST.HOSTNAME, "h-" + UUID.randomUUID())
                .set(HOST.DELETED_AT, hostDeleted ? OffsetDateTime.now() : null).returning(HOST.ID).fetchOne(HOST.ID);
        return dsl.insertInto(AGENT).set(AGENT.ORG_ID, org).set(AGENT.HOST_ID, host).set(AGENT.STATUS, status)
                .set(AGENT.PUBLIC_KEY_PEM, "pem").set(AGENT.KEY_FINGERPRINT, UUID.randomUUID().toString())
                .returning(AGENT.ID).fetchOne(AGENT.ID);
    }

    private static UUID hostOf(UUID agent) {
        return dsl.select(AGENT.HOST_ID).from(AGENT).where(AGENT.ID.eq(agent)).fetchOne(AGENT.HOST_ID);
    }
}
