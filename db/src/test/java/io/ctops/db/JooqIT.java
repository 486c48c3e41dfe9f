package io.ctops.db;

import static io.ctops.db.jooq.Tables.ORGANISATION;
import static io.ctops.db.jooq.Tables.PLUGIN_STATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.db.jooq.tables.records.PluginStateRecord;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JooqIT {

    private static ScratchDatabase database;
    private static ConnectionPool pool;
    private static DSLContext dsl;

    @BeforeAll
    static void migrate() {
        database = ScratchDatabase.create();
        pool = ConnectionPool.open(database.url(), "jooq-test", 2);
        new SchemaMigrator().migrateCore(pool.dataSource());
        dsl = DSL.using(pool.dataSource(), SQLDialect.POSTGRES);
    }

    @AfterAll
    static void drop() {
        pool.close();
        database.close();
    }

    @Test
    void pluginStateRoundTripsWithDefaultsAndUpserts() {
        dsl.insertInto(PLUGIN_STATE, PLUGIN_STATE.PLUGIN_ID, PLUGIN_STATE.VERSION, PLUGIN_STATE.STATE)
                .values("monitoring", "1.0.0", "STARTED").execute();
        PluginStateRecord row = dsl.selectFrom(PLUGIN_STATE).where(PLUGIN_STATE.PLUGIN_ID.eq("monitoring")).fetchOne();
        assertNotNull(row);
        assertTrue(row.getEnabled());
        assertNotNull(row.getUpdatedAt());

        dsl.insertInto(PLUGIN_STATE, PLUGIN_STATE.PLUGIN_ID, PLUGIN_STATE.ENABLED, PLUGIN_STATE.STATE, PLUGIN_STATE.REASON)
                .values("monitoring", false, "DISABLED", "by admin")
                .onConflict(PLUGIN_STATE.PLUGIN_ID)
                .doUpdate().set(PLUGIN_STATE.ENABLED, false).set(PLUGIN_STATE.STATE, "DISABLED")
                .set(PLUGIN_STATE.REASON, "by admin").set(PLUGIN_STATE.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
        PluginStateRecord updated = dsl.fetchSingle(PLUGIN_STATE, PLUGIN_STATE.PLUGIN_ID.eq("monitoring"));
        assertFalse(updated.getEnabled());
        assertEquals("DISABLED", updated.getState());
        assertEquals("by admin", updated.getReason());
        assertEquals("1.0.0", updated.getVersion());
    }

    @Test
    void organisationGetsAGeneratedIdAndUniqueName() {
        UUID id = dsl.insertInto(ORGANISATION, ORGANISATION.NAME).values("Acme").returning(ORGANISATION.ID)
                .fetchSingle(ORGANISATION.ID);
        assertNotNull(id);
        assertEquals("Acme", dsl.fetchSingle(ORGANISATION, ORGANISATION.ID.eq(id)).getName());
        assertThrows(IntegrityConstraintViolationException.class,
                () -> dsl.insertInto(ORGANISATION, ORGANISATION.NAME).values("Acme").execute());
    }
}
