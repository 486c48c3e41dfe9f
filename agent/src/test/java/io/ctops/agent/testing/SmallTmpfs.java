package io.ctops.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test, so that a write really fails with ENOSPC ("No space left on
 * device") the way it does on a full disk. Mounting needs root (CAP_SYS_ADMIN); where it is not
 * permitted the test is skipped, saying why.
 */
public final class SmallTmpfs implements AutoCloseable {

    private final Path dir;

    private SmallTmpfs(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir an empty directory to mount it on
     * @param size the file system's size, e.g. {@code 256k}
     */
    public static SmallTmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String problem = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "ctops-test", dir.toString()));
        Assumptions.assumeTrue(problem == null, () -> "skipped: a real full disk needs a small tmpfs, and mounting one"
                + " is not permitted here (run the tests as root): " + problem);
        return new SmallTmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run(List.of("umount", dir.toString())) != null) {
            // a file still open (a test that failed half-way): detach it now, freed when closed
            run(List.of("umount", "-l", dir.toString()));
        }
    }

    /** {@return null when the command succeeded, else what it said} */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output;
    }
}
