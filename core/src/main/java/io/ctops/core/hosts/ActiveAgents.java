package io.ctops.core.hosts;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.HOST;
import static java.util.Objects.requireNonNull;

import io.ctops.sdk.ingest.AgentRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;

/**
 * Finds the host and organisation of an active agent when its heartbeat stream opens. Lookups that
 * arrive while one is running are answered together by the next query, so a reconnect storm of
 * thousands of agents is a few queries, not one per agent; a lone lookup runs at once.
 */
public final class ActiveAgents {

    /** Agents per query. */
    static final int BATCH = 1000;

    private record Lookup(UUID agentId, CompletableFuture<Optional<AgentRef>> result) {
    }

    private final DSLContext dsl;
    private final ConcurrentLinkedQueue<Lookup> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean querying = new AtomicBoolean();

    public ActiveAgents(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl is null");
    }

    /** The agent, if it is active and its host is not deleted. */
    public Optional<AgentRef> find(UUID agentId) {
        Lookup lookup = new Lookup(requireNonNull(agentId, "agentId is null"), new CompletableFuture<>());
        waiting.add(lookup);
        while (true) {
            // whoever finds no query running runs the next one, for everybody waiting
            if (querying.compareAndSet(false, true)) {
                try {
                    answerWaiting();
                } finally {
                    querying.set(false);
                }
            }
            try {
                return lookup.result().get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                // a query for others was running: take a turn
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted looking up agent " + agentId, e);
            }
        }
    }

    private void answerWaiting() {
        List<Lookup> batch = new ArrayList<>();
        Lookup next;
        while (batch.size() < BATCH && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            Map<UUID, AgentRef> found = new HashMap<>();
            dsl.select(AGENT.ID, AGENT.ORG_ID, AGENT.HOST_ID).from(AGENT).join(HOST).on(HOST.ID.eq(AGENT.HOST_ID))
                    .where(AGENT.ID.in(batch.stream().map(Lookup::agentId).distinct().toList()),
                            AGENT.STATUS.eq("active"), HOST.DELETED_AT.isNull())
                    .forEach(r -> found.put(r.value1(), new AgentRef(r.value2(), r.value3(), r.value1())));
            batch.forEach(l -> l.result().complete(Optional.ofNullable(found.get(l.agentId()))));
        } catch (RuntimeException e) {
            batch.forEach(l -> l.result().completeExceptionally(e));
        }
    }
}
