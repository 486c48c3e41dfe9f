package io.ctops.core.services;

import static io.ctops.core.testing.Refusals.refused;
import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.fleet.BulkSelector;
import io.ctops.core.fleet.HostQuery;
import io.ctops.core.fleet.HostRow;
import io.ctops.core.fleet.HostSort;
import io.ctops.core.fleet.HostStatus;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hosts inventory, groups and tags against a real PostgreSQL. */
class FleetIT {

    private static CoreFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new CoreFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static UUID host(Actor actor, String hostname, String os, Double cpu, String status, String... ips) {
        return fixture.dsl.insertInto(HOST).set(HOST.ORG_ID, actor.orgId()).set(HOST.HOSTNAME, hostname).set(HOST.OS, os)
                .set(HOST.CPU_PERCENT, cpu).set(HOST.STATUS, status).set(HOST.IP_ADDRESSES, ips)
                .set(HOST.CREATED_AT, fixture.clock.instant().atOffset(ZoneOffset.UTC))
                .set(HOST.LAST_SEEN_AT, "never_seen".equals(status) ? null : fixture.clock.instant().atOffset(ZoneOffset.UTC))
                .returning(HOST.ID).fetchOne(HOST.ID);
    }

    private static HostQuery query(String search, HostSort sort, boolean descending, int page, int size) {
        return new HostQuery(search, Set.of(), Optional.empty(), Optional.empty(), Map.of(), sort, descending, page, size);
    }

    @Test
    void pagesSortWithNullsLastAndSearchTreatsMetacharactersAsText() {
        Actor actor = fixture.organisationWith(Role.ENGINEER);
        for (int i = 0; i < 30; i++) {
            host(actor, String.format("node-%02d", i), i % 3 == 0 ? "debian" : "rocky", i == 5 ? null : (double) i, "online",
                    "10.0." + i + ".1");
        }
        host(actor, "odd_name%", "debian", 1.0, "online");
        var first = fixture.services.hosts().list(actor, query("", HostSort.HOSTNAME, false, 0, 25));
        assertEquals(31, first.total());
        assertEquals(25, first.hosts().size());
        assertEquals(2, first.pages());
        assertEquals("node-00", first.hosts().get(0).hostname());
        var second = fixture.services.hosts().list(actor, query("", HostSort.HOSTNAME, false, 1, 25));
        assertEquals(6, second.hosts().size());

        List<HostRow> byCpuAsc = fixture.services.hosts().list(actor, query("node", HostSort.CPU, false, 0, 50)).hosts();
        List<HostRow> byCpuDesc = fixture.services.hosts().list(actor, query("node", HostSort.CPU, true, 0, 50)).hosts();
        assertEquals("node-05", byCpuAsc.get(byCpuAsc.size() - 1).hostname(), "no CPU figure sorts last ascending");
        assertEquals("node-05", byCpuDesc.get(byCpuDesc.size() - 1).hostname(), "and last descending too");
        assertEquals("node-29", byCpuDesc.get(0).hostname());

        assertEquals(1, fixture.services.hosts().list(actor, query("10.0.17.", HostSort.HOSTNAME, false, 0, 25)).total(), "IP search");
        assertEquals(1, fixture.services.hosts().list(actor, query("_name%", HostSort.HOSTNAME, false, 0, 25)).total());
        assertEquals(0, fixture.services.hosts().list(actor, query("%", HostSort.HOSTNAME, false, 0, 25)).total() - 1,
                "% matches only the host whose name holds a %");
        assertEquals(0, fixture.services.hosts().list(actor, query("' OR 1=1 --", HostSort.HOSTNAME, false, 0, 25)).total());
        refused(Refusal.Reason.INVALID, () -> query("", HostSort.HOSTNAME, false, 0, 30));
        refused(Refusal.Reason.INVALID, () -> query("", HostSort.HOSTNAME, false, -1, 25));
        refused(Refusal.Reason.INVALID, () -> query("x".repeat(201), HostSort.HOSTNAME, false, 0, 25));
    }

    @Test
    void statusIsRefinedByTheAgentAndByAgeAndTheOverviewCountsIt() {
        Actor actor = fixture.organisationWith(Role.ENGINEER);
        host(actor, "hot-1", "debian", 93.0, "online");
        host(actor, "cool-1", "debian", 12.0, "online");
        UUID pendingHost = host(actor, "waiting-1", "rocky", null, "never_seen");
        agent(actor, pendingHost, "pending");
        UUID old = host(actor, "gone-1", null, null, "offline");
        fixture.dsl.update(HOST).set(HOST.LAST_SEEN_AT, fixture.clock.instant().minus(Duration.ofDays(3)).atOffset(ZoneOffset.UTC))
                .where(HOST.ID.eq(old)).execute();
        var overview = fixture.services.hosts().overview(actor);
        assertEquals(4, overview.total());
        assertEquals(2, overview.count(HostStatus.ONLINE));
        assertEquals(1, overview.count(HostStatus.PENDING));
        assertEquals(1, overview.count(HostStatus.STALE));
        assertEquals(List.of("hot-1"), overview.hotspots().stream().map(HostRow::hostname).toList());
        assertEquals(Map.of("debian", 2L, "rocky", 1L, "unknown", 1L), overview.byOs());
        var pendingOnly = new HostQuery("", Set.of(HostStatus.PENDING), Optional.empty(), Optional.empty(), Map.of(),
                HostSort.STATUS, false, 0, 25);
        assertEquals(List.of("waiting-1"), fixture.services.hosts().list(actor, pendingOnly).hosts().stream().map(HostRow::hostname).toList());
        assertEquals(List.of("waiting-1"), fixture.services.hosts().pending(actor).stream().map(p -> p.hostname()).toList());
    }

    @Test
    void groupsAndTagsStayInsideTheOrganisationAndRefuseBadNames() {
        Actor actor = fixture.organisationWith(Role.ENGINEER);
        Actor stranger = fixture.organisationWith(Role.ENGINEER);
        UUID web1 = host(actor, "web-1", "debian", 10.0, "online", "10.1.2.3");
        UUID web2 = host(actor, "web-2", "debian", 10.0, "online", "10.1.9.9");
        UUID db1 = host(actor, "db-1", "rocky", 10.0, "offline", "192.168.1.4");
        UUID foreign = host(stranger, "foreign-1", "debian", 10.0, "online", "10.1.2.4");

        var group = fixture.services.groups().create(actor, "<script>alert(1)</script>");
        assertEquals("<script>alert(1)</script>", fixture.services.groups().get(actor, group.id()).name(), "stored as data, verbatim");
        refused(Refusal.Reason.CONFLICT, () -> fixture.services.groups().create(actor, "<SCRIPT>alert(1)</SCRIPT>"));
        refused(Refusal.Reason.INVALID, () -> fixture.services.groups().create(actor, " "));
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.groups().addHosts(actor, group.id(), List.of(web1, foreign)));
        assertEquals(0, fixture.services.groups().get(actor, group.id()).hostCount(), "nothing partial stored");
        fixture.services.groups().addHosts(actor, group.id(), List.of(web1, web2));
        assertEquals(2, fixture.services.groups().get(actor, group.id()).hostCount());
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.groups().get(stranger, group.id()));
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.groups().delete(stranger, group.id()));
        fixture.services.groups().setGroupsOf(actor, db1, List.of(group.id()));
        assertEquals(3, fixture.services.groups().get(actor, group.id()).hostCount());

        var tags = fixture.services.tags().set(actor, web1, Map.of("Env", "prod", "role", "web"));
        assertEquals(Map.of("env", "prod", "role", "web"), tags, "keys are lower-cased");
        refused(Refusal.Reason.INVALID, () -> fixture.services.tags().set(actor, web1, Map.of("Env", "a", "ENV", "b")));
        refused(Refusal.Reason.INVALID, () -> fixture.services.tags().set(actor, web1, Map.of("bad key!", "x")));
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.tags().set(stranger, web1, Map.of("env", "x")));

        int changed = fixture.services.tags().bulk(actor, new BulkSelector(Optional.of("web-*"), Optional.of("10.1.0.0/16"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("env")), "env", "staging");
        assertEquals(1, changed, "web-2 only: web-1 already has env, foreign-1 is another organisation's");
        assertEquals("staging", fixture.services.hosts().get(actor, web2).tags().get("env"));
        assertFalse(fixture.services.hosts().get(stranger, foreign).tags().containsKey("env"));
        refused(Refusal.Reason.INVALID, () -> new BulkSelector(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        refused(Refusal.Reason.INVALID, () -> new BulkSelector(Optional.empty(), Optional.of("10.1.0.0/99"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        var catalogue = fixture.services.tags().catalogue(actor);
        assertEquals(Map.of("prod", 1L, "staging", 1L), catalogue.stream().filter(e -> e.key().equals("env")).findFirst().orElseThrow().values());

        var tagged = new HostQuery("", Set.of(), Optional.empty(), Optional.of(group.id()), Map.of("ENV", "staging"),
                HostSort.HOSTNAME, false, 0, 25);
        assertEquals(List.of("web-2"), fixture.services.hosts().list(actor, tagged).hosts().stream().map(HostRow::hostname).toList());
    }

    @Test
    void readOnlyUsersOnlyLookAndDeletedHostsRevokeTheirAgents() {
        Actor engineer = fixture.organisationWith(Role.ENGINEER);
        Actor viewer = fixture.colleague(engineer, Role.READ_ONLY);
        UUID hostId = host(engineer, "to-delete", "debian", 10.0, "online");
        UUID agentId = agent(engineer, hostId, "active");
        refused(Refusal.Reason.FORBIDDEN, () -> fixture.services.hosts().delete(viewer, hostId));
        refused(Refusal.Reason.FORBIDDEN, () -> fixture.services.groups().create(viewer, "nope"));
        refused(Refusal.Reason.FORBIDDEN, () -> fixture.services.tags().set(viewer, hostId, Map.of("a", "b")));
        assertEquals("to-delete", fixture.services.hosts().get(viewer, hostId).hostname());

        Actor stranger = fixture.organisationWith(Role.ORG_ADMIN);
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.hosts().delete(stranger, hostId));
        fixture.services.hosts().delete(engineer, hostId);
        refused(Refusal.Reason.NOT_FOUND, () -> fixture.services.hosts().get(engineer, hostId));
        assertEquals("revoked", fixture.dsl.select(AGENT.STATUS).from(AGENT).where(AGENT.ID.eq(agentId)).fetchOne(AGENT.STATUS));
        assertTrue(fixture.services.hosts().list(engineer, query("to-delete", HostSort.HOSTNAME, false, 0, 25)).hosts().isEmpty());
    }

    private static UUID agent(Actor actor, UUID hostId, String status) {
        return fixture.dsl.insertInto(AGENT).set(AGENT.ORG_ID, actor.orgId()).set(AGENT.HOST_ID, hostId).set(AGENT.STATUS, status)
                .set(AGENT.PUBLIC_KEY_PEM, "not used here").set(AGENT.KEY_FINGERPRINT, UUID.randomUUID().toString())
                .set(AGENT.CREATED_AT, fixture.clock.instant().atOffset(ZoneOffset.UTC))
                .returning(AGENT.ID).fetchOne(AGENT.ID);
    }
}
