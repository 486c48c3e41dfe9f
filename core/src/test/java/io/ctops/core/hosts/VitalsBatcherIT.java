package io.ctops.core.hosts;

import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ctops.core.org.Organisations;
import io.ctops.core.testing.MigratedDatabase;
import io.ctops.db.jooq.tables.records.HostRecord;
import io.ctops.proto.agent.v1.Vitals;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batched host-row writes, on a real database, counting the statements they take. */
class VitalsBatcherIT {

    private static MigratedDatabase database;
    private static DSLContext dsl;
    private static UUID org;
    private final AtomicInteger statements = new AtomicInteger();
    private DSLContext counted;

    @BeforeAll
    static void start() {
        database = MigratedDatabase.create("vitals-it", 4);
        dsl = database.dsl();
        org = new Organisations(dsl).create("vitals-it");
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void countingDsl() {
        statements.set(0);
        counted = database.counting(statements);
    }

    @Test
    void aFlushOfManyHostsIsOneStatementAndWritesEachHostsNewestState() {
        List<UUID> hosts = hosts(300, "10.1.0.1");
        VitalsBatcher batcher = new VitalsBatcher(counted);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < hosts.size(); i++) {
            batcher.offer(latest(hosts.get(i), t0, i, List.of("10.2.0." + (i % 250), "fe80::1")));
            batcher.offer(latest(hosts.get(i), t0.plusSeconds(1), i + 0.5, List.of("10.3.0.1")));
            batcher.offer(latest(hosts.get(i), t0.minusSeconds(5), 99, List.of("10.9.9.9"))); // late and older: ignored
        }
        assertEquals(300, batcher.flush());
        assertEquals(1, statements.get(), "one UPDATE for 300 hosts");
        HostRecord row = row(hosts.get(7));
        assertEquals(7.5, row.getCpuPercent());
        assertEquals(t0.plusSeconds(1), row.getLastSeenAt().toInstant());
        assertEquals(t0.plusSeconds(1).minusMillis(200), row.getVitalsAt().toInstant());
        assertEquals(4000L + 7, row.getUptimeSecs());
        assertEquals(1.5, row.getLoad5());
        assertEquals("1.2.3", row.getAgentVersion());
        assertArrayEquals(new String[] {"10.3.0.1"}, row.getIpAddresses());
        assertEquals(0, batcher.flush(), "nothing pending: nothing written");
        assertEquals(1, statements.get(), "an empty flush sends nothing");
    }

    @Test
    void aHeartbeatWithoutVitalsOrAddressesLeavesThoseColumnsAlone() {
        UUID host = hosts(1, "10.4.0.1").get(0);
        VitalsBatcher batcher = new VitalsBatcher(counted);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        batcher.offer(latest(host, t0, 33, List.of("10.4.0.2", "2001:db8::\"odd\\")));
        batcher.flush();
        batcher.offer(new VitalsBatcher.Latest(org, host, t0.plusSeconds(10), t0.plusSeconds(10), null, "1.2.4", List.of()));
        batcher.flush();
        HostRecord row = row(host);
        assertEquals(t0.plusSeconds(10), row.getLastSeenAt().toInstant());
        assertEquals("1.2.4", row.getAgentVersion());
        assertEquals(33.0, row.getCpuPercent());
        assertEquals(t0.minusMillis(200), row.getVitalsAt().toInstant());
        assertArrayEquals(new String[] {"10.4.0.2", "2001:db8::\"odd\\"}, row.getIpAddresses(), "quotes survive the array literal");
    }

    @Test
    void largeFlushesGoInChunks() {
        List<UUID> hosts = hosts(250, "10.5.0.1");
        VitalsBatcher batcher = new VitalsBatcher(counted, 100);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        hosts.forEach(h -> batcher.offer(latest(h, t0, 12, List.of())));
        assertEquals(250, batcher.flush());
        assertEquals(3, statements.get());
        assertEquals(250, dsl.fetchCount(HOST, HOST.ID.in(hosts), HOST.CPU_PERCENT.eq(12.0)));
    }

    @Test
    void whatFailsStaysPendingAndANewerStateStillWins() {
        List<UUID> hosts = hosts(3, "10.6.0.1");
        VitalsBatcher batcher = new VitalsBatcher(counted);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        hosts.forEach(h -> batcher.offer(latest(h, t0, 20, List.of())));
        dsl.execute("ALTER TABLE host RENAME TO host_away");
        try {
            assertEquals(0, batcher.flush());
        } finally {
            dsl.execute("ALTER TABLE host_away RENAME TO host");
        }
        batcher.offer(latest(hosts.get(0), t0.plusSeconds(1), 21, List.of()));
        assertEquals(3, batcher.flush());
        assertEquals(21.0, row(hosts.get(0)).getCpuPercent());
        assertEquals(20.0, row(hosts.get(1)).getCpuPercent());
        assertEquals(3, batcher.rowsWritten());
    }

    @Test
    void aHostOfAnotherOrganisationIsNotTouched() {
        UUID host = hosts(1, "10.7.0.1").get(0);
        VitalsBatcher batcher = new VitalsBatcher(counted);
        batcher.offer(new VitalsBatcher.Latest(UUID.randomUUID(), host, Instant.now(), Instant.now(),
                Vitals.newBuilder().setCpuPercent(50).build(), "x", List.of()));
        batcher.flush();
        assertNull(row(host).getCpuPercent());
    }

    private static VitalsBatcher.Latest latest(UUID host, Instant at, double cpu, List<String> ips) {
        return new VitalsBatcher.Latest(org, host, at, at.minusMillis(200),
                Vitals.newBuilder().setCpuPercent(cpu).setMemoryPercent(40).setSwapPercent(1).setRootDiskPercent(70)
                        .setLoad1(0.5).setLoad5(1.5).setLoad15(2.5).setUptimeSecs(4000 + (long) cpu).build(),
                "1.2.3", ips);
    }

    private static List<UUID> hosts(int n, String ip) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(dsl.insertInto(HOST).set(HOST.ORG_ID, org).set(HOST.HOSTNAME, "h-" + UUID.randomUUID())
                    .set(HOST.IP_ADDRESSES, new String[] {ip}).returning(HOST.ID).fetchOne(HOST.ID));
        }
        return ids;
    }

    private static HostRecord row(UUID host) {
        return dsl.selectFrom(HOST).where(HOST.ID.eq(host)).fetchOne();
    }
}
