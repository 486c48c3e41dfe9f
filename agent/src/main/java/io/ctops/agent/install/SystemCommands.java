package io.ctops.agent.install;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Runs the operating system's tools ({@code getent}, {@code useradd}, {@code systemctl} ...) for
 * {@code install} and {@code uninstall}: the one place where the agent changes the system other
 * than through files. Programs are looked up on the {@code PATH} of the environment handed in (not
 * the JVM's own), so a test can put stand-ins first on it.
 */
public final class SystemCommands {

    static final long TIMEOUT_SECS = 90;

    private final Map<String, String> env;

    /** @param env the environment the commands run with */
    public SystemCommands(Map<String, String> env) {
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
    }

    /**
     * What a command did.
     *
     * @param command the command line as given
     * @param exitCode its exit status
     * @param output what it printed on stdout
     * @param errors what it printed on stderr
     */
    public record Result(List<String> command, int exitCode, String output, String errors) {

        public boolean ok() {
            return exitCode == 0;
        }

        /** {@return the command, its status and the first line it complained with} */
        public String describe() {
            String why = errors.lines().filter(line -> !line.isBlank()).findFirst()
                    .orElse(output.lines().filter(line -> !line.isBlank()).findFirst().orElse("no output"));
            return String.join(" ", command) + " failed (exit status " + exitCode + "): " + why.strip();
        }
    }

    /**
     * Runs a command to its end.
     *
     * @param command the program and its arguments; never a secret, it may be shown
     * @return what it did; a program that is not found gives exit status 127, as a shell would
     */
    public Result run(String... command) {
        List<String> line = List.of(command);
        Path program = find(line.get(0));
        if (program == null) {
            return new Result(line, 127, "", line.get(0) + ": command not found on PATH");
        }
        List<String> resolved = new ArrayList<>(line);
        resolved.set(0, program.toString());
        ProcessBuilder builder = new ProcessBuilder(resolved).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String output = read(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(line, 124, output, "did not finish within " + TIMEOUT_SECS + " s");
            }
            return new Result(line, process.exitValue(), output, errors.join());
        } catch (IOException e) {
            return new Result(line, 126, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(line, 130, "", "interrupted");
        }
    }

    private Path find(String name) {
        if (name.contains("/")) {
            return Files.isExecutable(Path.of(name)) ? Path.of(name) : null;
        }
        for (String dir : env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
