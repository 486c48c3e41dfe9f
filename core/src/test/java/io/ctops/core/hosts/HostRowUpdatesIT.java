package io.ctops.core.hosts;

import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.org.Organisations;
import io.ctops.core.testing.MigratedDatabase;
import io.ctops.proto.agent.v1.Vitals;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vitals flush rewrites every heartbeating host's row; none of the columns it changes is indexed, so
 * the new row versions stay on their page without an entry in any of the host indexes (HOT updates).
 * A database of its own: the statistics count this class's updates only.
 */
class HostRowUpdatesIT {

    private static MigratedDatabase database;
    private static DSLContext dsl;
    private static UUID org;

    @BeforeAll
    static void start() {
        database = MigratedDatabase.create("host-updates-it", 2);
        dsl = database.dsl();
        org = new Organisations(dsl).create("host-updates-it");
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void vitalsFlushesAreHeapOnlyUpdates() throws InterruptedException {
        List<UUID> hosts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hosts.add(dsl.insertInto(HOST).set(HOST.ORG_ID, org).set(HOST.HOSTNAME, "hot-" + i)
                    .set(HOST.IP_ADDRESSES, new String[] {"10.8.0." + i}).returning(HOST.ID).fetchOne(HOST.ID));
        }
        VitalsBatcher batcher = new VitalsBatcher(dsl);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int flush = 0; flush < 10; flush++) {
            for (int i = 0; i < hosts.size(); i++) {
                Instant at = t0.plusSeconds(10L * flush);
                batcher.offer(new VitalsBatcher.Latest(org, hosts.get(i), at, at,
                        Vitals.newBuilder().setCpuPercent(flush + i % 7).setMemoryPercent(40).setLoad1(0.1 * flush)
                                .setUptimeSecs(4000 + 10L * flush).build(),
                        "1.2.3", List.of("10.8.0." + i)));
            }
            assertEquals(200, batcher.flush());
        }
        // without the change 0 of 2000 were HOT, with it 1,682-1,706
        // the writing connection reports its statistics a moment after it went idle
        Record2<Long, Long> counts = updates();
        for (int wait = 0; wait < 150 && counts.value1() < 2000; wait++) {
            Thread.sleep(100);
            counts = updates();
        }
        assertEquals(2000, counts.value1(), "host row updates");
        assertTrue(counts.value2() >= 1500, "HOT updates: " + counts.value2() + " of " + counts.value1());
    }

    private static Record2<Long, Long> updates() {
        return dsl.select(DSL.field("n_tup_upd", Long.class), DSL.field("n_tup_hot_upd", Long.class))
                .from("pg_stat_user_tables").where("relid = 'host'::regclass").fetchOne();
    }
}
