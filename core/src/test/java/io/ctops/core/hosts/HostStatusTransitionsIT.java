package io.ctops.core.hosts;

import static io.ctops.db.jooq.Tables.HOST;
import static io.ctops.db.jooq.Tables.HOST_STATUS_HISTORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.ctops.core.org.Organisations;
import io.ctops.core.testing.MigratedDatabase;
import io.ctops.proto.queue.v1.AgentStatusChanged;
import io.ctops.sdk.ingest.AgentRef;
import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batched host status transitions on a real database: rows, history, events, statements. */
class HostStatusTransitionsIT {

    private static MigratedDatabase database;
    private static DSLContext dsl;
    private static UUID org;

    private final AtomicInteger statements = new AtomicInteger();
    private final RecordingQueue queue = new RecordingQueue();
    private HostStatusTransitions transitions;

    @BeforeAll
    static void start() {
        database = MigratedDatabase.create("status-it", 4);
        dsl = database.dsl();
        org = new Organisations(dsl).create("status-it");
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void transitions() {
        DSLContext counted = database.counting(statements);
        transitions = new HostStatusTransitions(counted, queue, Clock.systemUTC(), "instance-a");
    }

    @Test
    void aStormOfStreamsOpeningIsOneStatementWithHistoryAndEventsPerChange() {
        List<AgentRef> agents = agents(500);
        agents.forEach(a -> transitions.online(a, 10, "heartbeat stream opened"));
        assertEquals("never_seen", status(agents.get(0)), "nothing is written before the flush");
        assertEquals(500, transitions.flush());
        assertEquals(1, statements.get(), "one statement for 500 hosts");
        assertEquals(500, dsl.fetchCount(HOST, HOST.ID.in(ids(agents)), HOST.STATUS.eq("online"),
                HOST.INGEST_INSTANCE.eq("instance-a"), HOST.HEARTBEAT_INTERVAL_SECS.eq(10), HOST.LAST_SEEN_AT.isNotNull()));
        assertEquals(500, dsl.fetchCount(HOST_STATUS_HISTORY, HOST_STATUS_HISTORY.HOST_ID.in(ids(agents)),
                HOST_STATUS_HISTORY.FROM_STATUS.eq("never_seen"), HOST_STATUS_HISTORY.TO_STATUS.eq("online"),
                HOST_STATUS_HISTORY.REASON.eq("heartbeat stream opened")));
        assertEquals(500, queue.published.size());
        AgentStatusChanged first = queue.published.get(0);
        assertEquals("never_seen", first.getFromStatus());
        assertEquals("online", first.getToStatus());
        assertTrue(agents.stream().anyMatch(a -> a.agentId().toString().equals(first.getAgentId())));

        // already online: the row is refreshed, but no history and no event
        agents.forEach(a -> transitions.online(a, 20, "heartbeat stream opened"));
        assertEquals(0, transitions.flush());
        assertEquals(500, queue.published.size());
        assertEquals(500, dsl.fetchCount(HOST, HOST.ID.in(ids(agents)), HOST.HEARTBEAT_INTERVAL_SECS.eq(20)));
    }

    @Test
    void aClosedStreamTakesItsHostOfflineUnlessAnotherInstanceHoldsIt() {
        List<AgentRef> agents = agents(2);
        agents.forEach(a -> transitions.online(a, 10, "opened"));
        transitions.flush();
        dsl.update(HOST).set(HOST.INGEST_INSTANCE, "instance-b").where(HOST.ID.eq(agents.get(1).hostId())).execute();
        statements.set(0);
        agents.forEach(a -> transitions.streamClosed(a, "stream closed by the agent"));
        assertEquals(1, transitions.flush());
        assertEquals(1, statements.get());
        assertEquals("offline", status(agents.get(0)));
        assertEquals("online", status(agents.get(1)), "held by another instance: left alone");
        assertEquals(1, dsl.fetchCount(HOST_STATUS_HISTORY, HOST_STATUS_HISTORY.HOST_ID.eq(agents.get(0).hostId()),
                HOST_STATUS_HISTORY.TO_STATUS.eq("offline"), HOST_STATUS_HISTORY.REASON.eq("stream closed by the agent")));
        AgentStatusChanged last = queue.published.get(queue.published.size() - 1);
        assertEquals("offline", last.getToStatus());
        assertEquals(agents.get(0).hostId().toString(), last.getHostId());
    }

    @Test
    void streamsOpeningAndClosingWithinOneFlushAreWrittenInOrder() {
        List<AgentRef> agents = agents(2);
        AgentRef blip = agents.get(0);
        AgentRef reconnect = agents.get(1);
        transitions.online(reconnect, 10, "opened");
        transitions.flush();
        int published = queue.published.size();
        statements.set(0);

        transitions.online(blip, 10, "opened");
        transitions.streamClosed(blip, "closed");
        transitions.streamClosed(reconnect, "closed");
        transitions.online(reconnect, 10, "opened again");
        assertEquals(4, transitions.flush());
        assertEquals(4, statements.get(), "two rounds, each an online and an offline statement");
        assertEquals("offline", status(blip));
        assertEquals("online", status(reconnect));
        assertEquals(List.of("never_seen>online", "online>offline"), history(blip));
        assertEquals(List.of("never_seen>online", "online>offline", "offline>online"), history(reconnect));
        List<String> events = queue.published.subList(published, queue.published.size()).stream()
                .map(e -> (e.getHostId().equals(blip.hostId().toString()) ? "blip:" : "reconnect:") + e.getToStatus())
                .toList();
        assertEquals(4, events.size());
        assertTrue(events.indexOf("blip:online") < events.indexOf("blip:offline"), events.toString());
        assertTrue(events.indexOf("reconnect:offline") < events.indexOf("reconnect:online"), events.toString());
    }

    @Test
    void eventsTheQueueRefusesArePublishedAtTheNextFlushInOrder() {
        List<AgentRef> agents = agents(3);
        queue.refusing = true;
        agents.forEach(a -> transitions.online(a, 10, "opened"));
        assertEquals(3, transitions.flush());
        assertEquals(3, dsl.fetchCount(HOST, HOST.ID.in(ids(agents)), HOST.STATUS.eq("online")), "the row is the truth");
        assertEquals(0, queue.published.size());
        assertEquals(3, transitions.unpublishedEvents());

        transitions.streamClosed(agents.get(0), "closed");
        assertEquals(1, transitions.flush());
        assertEquals(4, transitions.unpublishedEvents(), "the refused ones and the new one wait");

        queue.refusing = false;
        transitions.flush();
        assertEquals(0, transitions.unpublishedEvents());
        assertEquals(4, queue.published.size());
        List<String> forFirstHost = queue.published.stream()
                .filter(e -> e.getHostId().equals(agents.get(0).hostId().toString())).map(AgentStatusChanged::getToStatus).toList();
        assertEquals(List.of("online", "offline"), forFirstHost, "a host's events keep their order");
    }

    @Test
    void transitionsTheDatabaseRefusesStayPending() {
        List<AgentRef> agents = agents(2);
        agents.forEach(a -> transitions.online(a, 10, "opened"));
        dsl.execute("ALTER TABLE host_status_history RENAME TO host_status_history_away");
        try {
            assertEquals(0, transitions.flush());
        } finally {
            dsl.execute("ALTER TABLE host_status_history_away RENAME TO host_status_history");
        }
        assertEquals("never_seen", status(agents.get(0)), "row and history are one statement: neither was written");
        assertEquals(2, transitions.pendingTransitions());
        transitions.streamClosed(agents.get(1), "closed"); // comes after the kept one
        assertEquals(3, transitions.flush());
        assertEquals("online", status(agents.get(0)));
        assertEquals("offline", status(agents.get(1)));
        assertEquals(List.of("never_seen>online", "online>offline"), history(agents.get(1)));
    }

    @Test
    void theSweepIsOneStatementForAllOverdueHosts() {
        List<AgentRef> agents = agents(3);
        agents.forEach(a -> transitions.online(a, 5, "opened"));
        transitions.flush();
        dsl.update(HOST).set(HOST.LAST_SEEN_AT, Instant.now().minusSeconds(60).atOffset(ZoneOffset.UTC))
                .where(HOST.ID.in(ids(agents.subList(0, 2)))).execute();
        statements.set(0);
        int published = queue.published.size();
        assertEquals(2, transitions.sweep(2));
        assertEquals(1, statements.get());
        assertEquals("offline", status(agents.get(0)));
        assertEquals("online", status(agents.get(2)));
        assertEquals(2, dsl.fetchCount(HOST_STATUS_HISTORY, HOST_STATUS_HISTORY.HOST_ID.in(ids(agents)),
                HOST_STATUS_HISTORY.REASON.eq("no heartbeat for more than twice its interval (5 s)")));
        assertEquals(published + 2, queue.published.size());
        assertEquals("heartbeat overdue", queue.published.get(published).getReason());
    }

    private static List<AgentRef> agents(int n) {
        List<AgentRef> agents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID host = dsl.insertInto(HOST).set(HOST.ORG_ID, org).set(HOST.HOSTNAME, "h-" + UUID.randomUUID())
                    .returning(HOST.ID).fetchOne(HOST.ID);
            agents.add(new AgentRef(org, host, UUID.randomUUID()));
        }
        return agents;
    }

    /** The host's status history, oldest first, as from>to. */
    private static List<String> history(AgentRef agent) {
        return dsl.select(HOST_STATUS_HISTORY.FROM_STATUS, HOST_STATUS_HISTORY.TO_STATUS).from(HOST_STATUS_HISTORY)
                .where(HOST_STATUS_HISTORY.HOST_ID.eq(agent.hostId())).orderBy(HOST_STATUS_HISTORY.ID)
                .fetch(r -> r.value1() + ">" + r.value2());
    }

    private static List<UUID> ids(List<AgentRef> agents) {
        return agents.stream().map(AgentRef::hostId).toList();
    }

    private static String status(AgentRef agent) {
        return dsl.select(HOST.STATUS).from(HOST).where(HOST.ID.eq(agent.hostId())).fetchOne(HOST.STATUS);
    }

    /** A queue that records agent.status events, or refuses them while told to. */
    private static final class RecordingQueue implements QueuePublisher {
        final List<AgentStatusChanged> published = new CopyOnWriteArrayList<>();
        volatile boolean refusing;

        @Override
        public <T extends Message> void publish(Topic<T> topic, String key, T message) {
            if (refusing) {
                throw new QueueException("queue full");
            }
            assertEquals(Topics.AGENT_STATUS.name(), topic.name());
            AgentStatusChanged event = (AgentStatusChanged) message;
            assertEquals(event.getHostId(), key);
            published.add(event);
        }
    }
}
