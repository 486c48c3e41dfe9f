package io.ctops.agent.install;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * {@code uninstall}: stops and disables the service and removes the unit and the configuration.
 * The data directory (the agent's identity and spool) and the {@code ctops} user stay unless
 * {@code --purge} is given. A step that fails is reported and the others still run.
 */
public final class UninstallCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final SystemCommands commands;
    private final ProcessOwner owner;
    private int failures;

    public UninstallCommand(PrintStream out, PrintStream err, SystemCommands commands, ProcessOwner owner) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.commands = requireNonNull(commands, "commands is null");
        this.owner = requireNonNull(owner, "owner is null");
    }

    /**
     * @param layout where the files are
     * @param purge whether the data directory and the user go too
     * @return 0, or {@link InstallCommand#FAILED} when not root or a step failed
     */
    public int run(InstallLayout layout, boolean purge) {
        if (owner.effectiveUid() != 0) {
            err.println("ctops-agent: uninstall must run as root (it removes a systemd service); try sudo");
            return InstallCommand.FAILED;
        }
        out.println("Removing the CT-Ops agent service" + (layout.isSystemRoot() ? "" : " (files below " + layout.root() + ")"));
        Path unit = layout.onDisk(InstallLayout.UNIT_FILE);
        if (Files.exists(unit)) {
            systemctl("disable", "--now", InstallLayout.SERVICE);
            remove(unit, InstallLayout.UNIT_FILE);
            systemctl("daemon-reload");
        } else {
            report(InstallLayout.UNIT_FILE + ": not installed");
        }
        remove(layout.onDisk(InstallLayout.CONFIG_FILE), InstallLayout.CONFIG_FILE);
        remove(layout.onDisk(InstallLayout.CA_FILE), InstallLayout.CA_FILE);
        removeIfEmpty(layout.onDisk(InstallLayout.CONFIG_DIR), InstallLayout.CONFIG_DIR);
        if (purge) {
            removeTree(layout.onDisk(InstallLayout.DATA_DIR), InstallLayout.DATA_DIR);
            try {
                report(new ServiceAccount(commands, InstallLayout.ACCOUNT).remove());
            } catch (InstallException e) {
                failed(e.getMessage());
            }
        } else {
            report("kept " + InstallLayout.DATA_DIR + " (the agent's identity and spool) and user "
                    + InstallLayout.ACCOUNT + ": uninstall --purge removes them");
        }
        out.println(failures == 0 ? "Done." : "Done, with " + failures + " failed step(s).");
        return failures == 0 ? 0 : InstallCommand.FAILED;
    }

    private void systemctl(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "systemctl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        SystemCommands.Result result = commands.run(command);
        if (result.ok()) {
            report(String.join(" ", command));
        } else {
            failed(result.describe());
        }
    }

    private void remove(Path onDisk, Path installed) {
        try {
            report(installed + (Files.deleteIfExists(onDisk) ? ": removed" : ": none"));
        } catch (IOException e) {
            failed("cannot remove " + installed + ": " + e.getMessage());
        }
    }

    private void removeIfEmpty(Path onDisk, Path installed) {
        if (!Files.isDirectory(onDisk)) {
            return;
        }
        try (Stream<Path> entries = Files.list(onDisk)) {
            if (entries.findAny().isPresent()) {
                report(installed + ": kept, it holds files install did not write");
            } else {
                Files.delete(onDisk);
                report(installed + ": removed");
            }
        } catch (IOException e) {
            failed("cannot remove " + installed + ": " + e.getMessage());
        }
    }

    private void removeTree(Path onDisk, Path installed) {
        if (!Files.exists(onDisk)) {
            report(installed + ": none");
            return;
        }
        try {
            Files.walkFileTree(onDisk, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
            report(installed + ": removed (the agent's key: a new install enrols as a new host)");
        } catch (IOException e) {
            failed("cannot remove " + installed + ": " + e.getMessage());
        }
    }

    private void report(String line) {
        out.println("  " + line);
    }

    private void failed(String message) {
        failures++;
        err.println("ctops-agent: uninstall: " + message);
    }
}
