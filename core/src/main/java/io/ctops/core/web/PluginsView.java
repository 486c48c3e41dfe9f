package io.ctops.core.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.receivers.FileBuffer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.plugin.PluginHost;
import io.ctops.core.plugin.PluginOperationException;
import io.ctops.core.plugin.PluginState;
import io.ctops.core.plugin.PluginStatus;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every installed plugin with its version, state and, when it failed, why; an admin enables,
 * disables and uploads plugins while the server runs (plugins serve every organisation, so only a super_admin).
 */
@Route(value = "plugins", layout = MainLayout.class)
@PageTitle("Plugins · CT-Ops")
public final class PluginsView extends VerticalLayout {

    static final long MAX_UPLOAD_BYTES = 64L * 1024 * 1024;

    private final WebServices web = WebServices.current();
    private final Actor actor = UiSession.require();
    private final Grid<PluginStatus> grid = new Grid<>();

    public PluginsView() {
        add(new H2("Plugins"));
        grid.setId("plugins-grid");
        grid.addColumn(PluginStatus::id).setHeader("Plugin").setAutoWidth(true);
        grid.addColumn(PluginStatus::version).setHeader("Version").setAutoWidth(true);
        grid.addColumn(s -> s.state().name()).setHeader("State").setAutoWidth(true);
        grid.addColumn(s -> s.reason().orElse("")).setHeader("Reason").setFlexGrow(1);
        grid.addColumn(s -> s.jar().getFileName().toString()).setHeader("Jar").setAutoWidth(true);
        boolean admin = actor.may(Role.SUPER_ADMIN);
        if (admin) {
            grid.addComponentColumn(this::actions).setAutoWidth(true);
            add(upload());
        } else {
            add(new Paragraph("Plugins serve every organisation: only a super_admin changes them."));
        }
        grid.setAllRowsVisible(true);
        add(grid);
        refresh();
    }

    private HorizontalLayout actions(PluginStatus status) {
        PluginHost host = web.plugins();
        Button enable = new Button("Enable", e -> run(() -> host.enable(status.id()), status.id() + " enabled"));
        enable.setId("enable-" + status.id());
        enable.setEnabled(status.state() != PluginState.STARTED);
        enable.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Button disable = new Button("Disable", e -> run(() -> host.disable(status.id()), status.id() + " disabled"));
        disable.setId("disable-" + status.id());
        disable.setEnabled(status.state() == PluginState.STARTED);
        disable.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Button uninstall = new Button("Uninstall", e -> {
            com.vaadin.flow.component.confirmdialog.ConfirmDialog confirm = new com.vaadin.flow.component.confirmdialog.ConfirmDialog(
                    "Uninstall " + status.id() + "?", "The plugin stops and its jar is deleted; its data stays in the database.",
                    "Uninstall", ok -> run(() -> host.uninstall(status.id()), status.id() + " uninstalled"));
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        uninstall.setId("uninstall-" + status.id());
        uninstall.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        return new HorizontalLayout(enable, disable, uninstall);
    }

    private Upload upload() {
        FileBuffer buffer = new FileBuffer();
        Upload upload = new Upload(buffer);
        upload.setId("plugin-upload");
        upload.setAcceptedFileTypes(".jar");
        upload.setMaxFileSize((int) MAX_UPLOAD_BYTES);
        upload.setDropLabel(new com.vaadin.flow.component.html.Span("Drop a plugin jar here to install or upgrade it"));
        upload.addSucceededListener(e -> {
            Path file = buffer.getFileData().getFile().toPath();
            try {
                run(() -> web.plugins().install(file), e.getFileName() + " installed");
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // a temporary file; the JVM's temp dir cleanup takes it otherwise
                }
            }
        });
        upload.addFileRejectedListener(e -> Notices.refused(e.getErrorMessage()));
        return upload;
    }

    private void run(Runnable action, String done) {
        try {
            action.run();
            web.services().audit().record(actor.orgId(), actor.name(), "plugin.change", null,
                    io.ctops.core.audit.AuditLog.Outcome.OK, done);
            Notices.done(done);
        } catch (PluginOperationException | java.io.UncheckedIOException e) {
            Notices.refused(e.getMessage());
        }
        refresh();
    }

    private void refresh() {
        grid.setItems(web.plugins().plugins());
    }
}
