package io.ctops.agent.install;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code ctops} system user and group the service runs as, looked up with {@code getent} (so
 * accounts from any name service count) and made with {@code useradd}.
 */
final class ServiceAccount {

    /** getent's status for "no such entry". */
    private static final int NOT_FOUND = 2;

    private final SystemCommands commands;
    private final String name;

    ServiceAccount(SystemCommands commands, String name) {
        this.commands = requireNonNull(commands, "commands is null");
        this.name = requireNonNull(name, "name is null");
    }

    /** The numeric ids the files are given to. */
    record Ids(int uid, int gid) {
    }

    /**
     * Creates the user (and its group, unless a group of that name exists) when it is missing: a
     * system account with no home directory and no login shell.
     *
     * @return what was done, for the report, and the ids
     */
    Created ensure() throws InstallException {
        Optional<Ids> existing = lookUp();
        if (existing.isPresent()) {
            return new Created(existing.get(), "user " + name + ": exists (uid " + existing.get().uid() + ")");
        }
        String[] useradd = group().isPresent()
                ? new String[] {"useradd", "--system", "--gid", name, "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", "--comment", "CT-Ops agent", name}
                : new String[] {"useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", "--comment", "CT-Ops agent", name};
        require(commands.run(useradd));
        Ids ids = lookUp().orElseThrow(() -> new InstallException("useradd succeeded but getent passwd " + name
                + " finds no user"));
        return new Created(ids, "user " + name + ": created (system user, uid " + ids.uid()
                + ", no home, no login shell)");
    }

    record Created(Ids ids, String report) {
    }

    /** {@return the user's ids, if it exists} */
    Optional<Ids> lookUp() throws InstallException {
        Optional<String[]> user = entry("passwd");
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = user.get();
        try {
            return Optional.of(new Ids(Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
        } catch (RuntimeException e) {
            throw new InstallException("getent passwd " + name + " printed no user entry");
        }
    }

    /** {@return whether a group of the name exists} */
    Optional<String[]> group() throws InstallException {
        return entry("group");
    }

    /**
     * Removes the user and then its group, if either exists.
     *
     * @return what was done
     */
    String remove() throws InstallException {
        StringBuilder report = new StringBuilder();
        if (lookUp().isPresent()) {
            require(commands.run("userdel", name));
            report.append("user ").append(name).append(": removed");
        } else {
            report.append("user ").append(name).append(": none");
        }
        // userdel removes the user's own group only where USERGROUPS_ENAB is on
        if (group().isPresent()) {
            require(commands.run("groupdel", name));
            report.append("; group ").append(name).append(": removed");
        }
        return report.toString();
    }

    private Optional<String[]> entry(String database) throws InstallException {
        SystemCommands.Result result = commands.run("getent", database, name);
        if (result.exitCode() == NOT_FOUND) {
            return Optional.empty();
        }
        require(result);
        String line = result.output().lines().findFirst().orElse("");
        return Optional.of(line.split(":", -1));
    }

    private static void require(SystemCommands.Result result) throws InstallException {
        if (!result.ok()) {
            throw new InstallException(result.describe());
        }
    }
}
