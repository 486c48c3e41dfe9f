package io.ctops.core.admin;

import static java.util.Objects.requireNonNull;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.access.Role;
import io.ctops.core.audit.AuditLog;
import io.ctops.core.plugin.PluginHost;
import io.ctops.core.plugin.PluginOperationException;
import io.ctops.core.plugin.PluginStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * The running server's plugins as operators manage them. Plugins serve every organisation on the
 * server, so changing them (enable, disable, install, uninstall) takes a super_admin; an org_admin
 * of one tenant must not switch off a plugin another tenant relies on. Anyone signed in may list.
 * Every change is audited under the caller's organisation.
 */
public final class PluginAdmin {

    private final PluginHost plugins;
    private final AuditLog audit;

    public PluginAdmin(PluginHost plugins, AuditLog audit) {
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    public List<PluginStatus> list(Actor actor) {
        requireNonNull(actor, "actor is null");
        return plugins.plugins();
    }

    public PluginStatus get(Actor actor, String id) {
        requireNonNull(actor, "actor is null");
        return plugins.plugin(id).orElseThrow(() -> Refusal.notFound("no plugin '" + id + "' is installed"));
    }

    public PluginStatus enable(Actor actor, String id) {
        return change(actor, "plugin.enable", id, true, () -> plugins.enable(id));
    }

    public PluginStatus disable(Actor actor, String id) {
        return change(actor, "plugin.disable", id, true, () -> plugins.disable(id));
    }

    /**
     * Installs (or upgrades) from a jar the caller has written to a temporary file; a file that is not
     * a plugin jar for this server is refused as invalid and nothing is installed.
     */
    public PluginStatus install(Actor actor, Path jar) {
        return change(actor, "plugin.install", jar.getFileName().toString(), false, () -> plugins.install(jar));
    }

    public void uninstall(Actor actor, String id) {
        change(actor, "plugin.uninstall", id, true, () -> {
            plugins.uninstall(id);
            return null;
        });
    }

    private interface Operation {
        PluginStatus run();
    }

    private PluginStatus change(Actor actor, String action, String target, boolean existing, Operation operation) {
        actor.require(Role.SUPER_ADMIN);
        if (existing) {
            get(actor, target);
        }
        try {
            PluginStatus status = operation.run();
            audit.record(actor.orgId(), actor.name(), action, status == null ? target : status.id(), AuditLog.Outcome.OK,
                    status == null ? null : status.version() + " " + status.state());
            return status;
        } catch (PluginOperationException e) {
            audit.record(actor.orgId(), actor.name(), action, target, AuditLog.Outcome.REFUSED, e.getMessage());
            // an unusable upload is the caller's input; enabling what cannot run conflicts with its state
            throw new Refusal(existing ? Refusal.Reason.CONFLICT : Refusal.Reason.INVALID, e.getMessage());
        }
    }
}
