package io.ctops.core.plugin;

import static io.ctops.db.jooq.Tables.PLUGIN_STATE;

import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Remembers each plugin's enabled flag and last state in the core schema (table plugin_state). */
public final class PluginStateStore {

    private final DSLContext dsl;

    public PluginStateStore(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** Whether the operator left the plugin enabled; a plugin never seen before is enabled. */
    boolean isEnabled(String pluginId) {
        Boolean enabled = dsl.select(PLUGIN_STATE.ENABLED).from(PLUGIN_STATE)
                .where(PLUGIN_STATE.PLUGIN_ID.eq(pluginId)).fetchOne(PLUGIN_STATE.ENABLED);
        return enabled == null || enabled;
    }

    void setEnabled(String pluginId, String version, boolean enabled) {
        dsl.insertInto(PLUGIN_STATE)
                .set(PLUGIN_STATE.PLUGIN_ID, pluginId)
                .set(PLUGIN_STATE.VERSION, version)
                .set(PLUGIN_STATE.ENABLED, enabled)
                .set(PLUGIN_STATE.STATE, enabled ? PluginState.LOADED.name() : PluginState.DISABLED.name())
                .onConflict(PLUGIN_STATE.PLUGIN_ID).doUpdate()
                .set(PLUGIN_STATE.ENABLED, enabled)
                .set(PLUGIN_STATE.VERSION, version)
                .set(PLUGIN_STATE.UPDATED_AT, OffsetDateTime.now())
                .execute();
    }

    /** Drops an uninstalled plugin's row, so a later install starts from the defaults. */
    void forget(String pluginId) {
        dsl.deleteFrom(PLUGIN_STATE).where(PLUGIN_STATE.PLUGIN_ID.eq(pluginId)).execute();
    }

    void record(PluginStatus status) {
        dsl.insertInto(PLUGIN_STATE)
                .set(PLUGIN_STATE.PLUGIN_ID, status.id())
                .set(PLUGIN_STATE.VERSION, status.version())
                .set(PLUGIN_STATE.STATE, status.state().name())
                .set(PLUGIN_STATE.REASON, status.reason().orElse(null))
                .onConflict(PLUGIN_STATE.PLUGIN_ID).doUpdate()
                .set(PLUGIN_STATE.VERSION, status.version())
                .set(PLUGIN_STATE.STATE, status.state().name())
                .set(PLUGIN_STATE.REASON, status.reason().orElse(null))
                .set(PLUGIN_STATE.UPDATED_AT, OffsetDateTime.now())
                .execute();
    }
}
