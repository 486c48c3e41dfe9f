package io.ctops.agent.plugin.checks;

import static java.util.Objects.requireNonNull;

/**
 * One process as {@code /proc/<pid>/} describes it.
 *
 * @param pid the process id
 * @param name the kernel's name for it ({@code comm}, at most 15 characters)
 * @param program the first argument, the program as it was started; empty for kernel threads
 * @param commandLine its arguments joined by spaces; empty for kernel threads
 */
record ProcessEntry(long pid, String name, String program, String commandLine) {

    ProcessEntry {
        requireNonNull(name, "name is null");
        requireNonNull(program, "program is null");
        requireNonNull(commandLine, "commandLine is null");
    }

    /**
     * {@return the file name of the program, e.g. {@code postgres} for
     * {@code /usr/lib/postgresql/16/bin/postgres}} It matches names longer than the 15 characters
     * the kernel keeps in {@code comm}.
     */
    String executableName() {
        return program.substring(program.lastIndexOf('/') + 1);
    }
}
