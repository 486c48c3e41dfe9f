package io.ctops.agent.plugin.checks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** The processes listed under a {@code /proc} directory. */
final class ProcessTable {

    private final Path proc;

    /**
     * @param proc the {@code /proc} directory to read, usually the host's
     */
    ProcessTable(Path proc) {
        this.proc = requireNonNull(proc, "proc is null");
    }

    /**
     * {@return the processes, by pid} A process that ends while it is being read is left out.
     *
     * @throws IOException when the directory itself cannot be listed
     */
    List<ProcessEntry> list() throws IOException {
        List<ProcessEntry> processes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, ProcessTable::isPid)) {
            for (Path dir : entries) {
                try {
                    processes.add(read(dir));
                } catch (IOException e) {
                    // gone between listing and reading (or not ours to read): not a process we can count
                }
            }
        }
        processes.sort(Comparator.comparingLong(ProcessEntry::pid));
        return processes;
    }

    private static boolean isPid(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9') && Files.isDirectory(path);
    }

    private static ProcessEntry read(Path dir) throws IOException {
        String name = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
        String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
        // arguments are NUL-terminated; a process may also have rewritten its title with spaces
        int end = cmdline.indexOf('\0');
        String program = end < 0 ? cmdline.strip() : cmdline.substring(0, end);
        String commandLine = cmdline.replace('\0', ' ').strip();
        return new ProcessEntry(Long.parseLong(dir.getFileName().toString()), name, program, commandLine);
    }
}
