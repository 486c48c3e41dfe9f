package io.ctops.core.cli;

import static io.ctops.db.jooq.Tables.PLUGIN_STATE;
import static java.util.Objects.requireNonNull;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.audit.AuditLog;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Plugins as the database remembers them (table {@code plugin_state}), for the command line, which
 * runs without a plugin host. Enabling or disabling changes the flag a server reads when it starts;
 * a running server is changed through its API or UI.
 */
final class PluginStateRows {

    /** One row: what the last server to run recorded. */
    record Row(String id, String version, boolean enabled, String state, Optional<String> reason) {
    }

    private final DSLContext dsl;
    private final AuditLog audit;

    PluginStateRows(DSLContext dsl, AuditLog audit) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    List<Row> list() {
        return dsl.selectFrom(PLUGIN_STATE).orderBy(PLUGIN_STATE.PLUGIN_ID).fetch(r -> new Row(r.getPluginId(),
                r.getVersion(), r.getEnabled(), r.getState(), Optional.ofNullable(r.getReason())));
    }

    void setEnabled(Actor actor, String id, boolean enabled) {
        int updated = dsl.update(PLUGIN_STATE).set(PLUGIN_STATE.ENABLED, enabled)
                .set(PLUGIN_STATE.UPDATED_AT, OffsetDateTime.now())
                .where(PLUGIN_STATE.PLUGIN_ID.eq(id)).execute();
        String action = enabled ? "plugin.enable" : "plugin.disable";
        if (updated == 0) {
            audit.record(actor.orgId(), actor.name(), action, id, AuditLog.Outcome.REFUSED, "unknown plugin");
            throw Refusal.notFound("no plugin '" + id + "' is recorded in the database (a server records a plugin when it first loads it)");
        }
        audit.record(actor.orgId(), actor.name(), action, id, AuditLog.Outcome.OK, "command line; applies at the next server start");
    }
}
