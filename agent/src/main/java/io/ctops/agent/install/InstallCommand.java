package io.ctops.agent.install;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code install}: makes this host run the agent as a systemd service. Creates the {@code ctops}
 * system user, writes {@code /etc/ctops-agent/agent.toml} (0640, group ctops: it holds the token),
 * copies the CA file beside it, creates the data directory (0700, owned by ctops), writes the unit,
 * then enables and starts it (restarts it when it was installed before). Running it again brings
 * everything to what the new command line says. Every step is printed.
 */
public final class InstallCommand {

    /** Exit status when a step failed or the caller is not root. */
    public static final int FAILED = 1;

    private final PrintStream out;
    private final PrintStream err;
    private final SystemCommands commands;
    private final ProcessOwner owner;

    public InstallCommand(PrintStream out, PrintStream err, SystemCommands commands, ProcessOwner owner) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.commands = requireNonNull(commands, "commands is null");
        this.owner = requireNonNull(owner, "owner is null");
    }

    /**
     * @param request the checked command line
     * @return 0, or {@link #FAILED} with one line on {@code err}
     */
    public int run(InstallRequest request) {
        if (owner.effectiveUid() != 0) {
            err.println("ctops-agent: install must run as root (it creates a system user and a systemd service); try sudo");
            return FAILED;
        }
        InstallLayout layout = request.layout();
        try {
            boolean reinstall = Files.exists(layout.onDisk(InstallLayout.UNIT_FILE));
            out.println((reinstall ? "Updating" : "Installing") + " the CT-Ops agent service from " + request.agentHome()
                    + (layout.isSystemRoot() ? "" : " (files below " + layout.root() + ")"));
            ServiceAccount.Created account = new ServiceAccount(commands, InstallLayout.ACCOUNT).ensure();
            report(account.report());
            int gid = account.ids().gid();

            OwnedFiles.directory(layout.onDisk(InstallLayout.CONFIG_DIR), OwnedFiles.ROOT, gid, "rwxr-x---");
            Optional<Path> caFile = installCa(request, gid);
            byte[] config = AgentConfigText.render(request, caFile).getBytes(StandardCharsets.UTF_8);
            OwnedFiles.write(layout.onDisk(InstallLayout.CONFIG_FILE), config, OwnedFiles.ROOT, gid, "rw-r-----");
            report(InstallLayout.CONFIG_FILE + ": written (mode 0640, root:" + InstallLayout.ACCOUNT + "), ingest "
                    + request.addresses() + (request.tags().isEmpty() ? "" : ", tags " + request.tags()));

            boolean created = OwnedFiles.directory(layout.onDisk(InstallLayout.DATA_DIR), account.ids().uid(), gid,
                    "rwx------");
            report(InstallLayout.DATA_DIR + ": " + (created ? "created" : "exists") + " (mode 0700, owner "
                    + InstallLayout.ACCOUNT + ")");

            Path unit = layout.onDisk(InstallLayout.UNIT_FILE);
            Files.createDirectories(unit.getParent());
            OwnedFiles.write(unit, ServiceUnit.render(request.agentHome()).getBytes(StandardCharsets.UTF_8),
                    OwnedFiles.ROOT, OwnedFiles.ROOT, "rw-r--r--");
            report(InstallLayout.UNIT_FILE + ": written (runs " + request.agentHome().resolve(InstallRequest.LAUNCHER)
                    + " as " + InstallLayout.ACCOUNT + ")");

            systemctl("daemon-reload");
            if (reinstall) {
                systemctl("enable", InstallLayout.SERVICE);
                systemctl("restart", InstallLayout.SERVICE);
            } else {
                systemctl("enable", "--now", InstallLayout.SERVICE);
            }
            out.println("Done: the agent runs as " + InstallLayout.SERVICE + " (journalctl -u ctops-agent for its log)."
                    + " Approve the host on the server unless its token approves automatically.");
            return 0;
        } catch (InstallException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("cannot write " + e.getMessage());
        }
    }

    /**
     * The CA file given is copied; without one, a CA installed earlier stays in use (a re-run to change
     * a tag should not lose the trust the agent needs).
     */
    private Optional<Path> installCa(InstallRequest request, int gid) throws IOException {
        Path target = request.layout().onDisk(InstallLayout.CA_FILE);
        if (request.caCert().isPresent()) {
            OwnedFiles.write(target, Files.readAllBytes(request.caCert().get()), OwnedFiles.ROOT, gid, "rw-r-----");
            report(InstallLayout.CA_FILE + ": copied from " + request.caCert().get());
            return Optional.of(InstallLayout.CA_FILE);
        }
        if (Files.isRegularFile(target)) {
            report(InstallLayout.CA_FILE + ": kept from the earlier install (no --ca-cert given)");
            return Optional.of(InstallLayout.CA_FILE);
        }
        return Optional.empty();
    }

    private void systemctl(String... arguments) throws InstallException {
        String[] command = new String[arguments.length + 1];
        command[0] = "systemctl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        SystemCommands.Result result = commands.run(command);
        if (!result.ok()) {
            throw new InstallException(result.describe() + " (the files are in place: fix that and run install again)");
        }
        report(String.join(" ", command));
    }

    private void report(String line) {
        out.println("  " + line);
    }

    private int fail(String message) {
        err.println("ctops-agent: install failed: " + message);
        return FAILED;
    }
}
