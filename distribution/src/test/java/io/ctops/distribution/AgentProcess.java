package io.ctops.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.sdk.testkit.CtopsTestServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The real agent ({@code ctops-agent run}) in its own JVM for a test: its configuration (trusting the
 * test server's agent CA, one-second heartbeats), the agent plugins the build copied for the tests,
 * and its log, which every failed wait shows.
 */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Writes the configuration into {@code work} and starts the agent.
     *
     * @param addresses the ingest addresses, in the order the agent tries them
     */
    static AgentProcess start(CtopsTestServer server, Path work, String token, List<String> addresses,
                              Map<String, String> tags) throws Exception {
        Path config = writeConfig(server, work, token, addresses, tags);
        Path plugins = Path.of(System.getProperty("ctops.it.agentPluginsDir", "target/it-agent-plugins"));
        assertTrue(Files.isDirectory(plugins), "the agent plugins for the test are missing: " + plugins);
        Path log = work.resolve("agent.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", classPath(),
                "io.ctops.agent.AgentMain", "run", "--config", config.toString(), "--plugins-dir", plugins.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CT_OPS_"));
        return new AgentProcess(builder.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the agent to stop (SIGTERM) and waits for it; {@return whether it stopped in time} */
    boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** As {@link CtopsTestServer#await}, with the agent's log in the failure. */
    void await(String description, Duration timeout, BooleanSupplier condition) {
        try {
            CtopsTestServer.await(description, timeout, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- agent log ---\n" + log(), e);
        }
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(agent log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && !stop(Duration.ofSeconds(20))) {
            process.destroyForcibly();
        }
    }

    private static Path writeConfig(CtopsTestServer server, Path work, String token, List<String> addresses,
                                    Map<String, String> tags) throws Exception {
        Path ca = work.resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(server.agentCaCertificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        String toml = """
                [ingest]
                address = [%s]
                ca_cert_file = "%s"

                [agent]
                org_token = "%s"
                data_dir = "%s"
                heartbeat_interval_secs = 1

                [agent.tags]
                %s
                """.formatted(addresses.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")),
                ca, token, work.resolve("agent-data"),
                tags.entrySet().stream().map(t -> t.getKey() + " = \"" + t.getValue() + "\"").collect(Collectors.joining("\n")));
        return Files.writeString(work.resolve("agent.toml"), toml);
    }

    /** The test class path without the agent plugins, which the agent loads from its plugins directory as in production. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("ctops-agent-plugin-") && !entry.contains("agent-plugins"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
