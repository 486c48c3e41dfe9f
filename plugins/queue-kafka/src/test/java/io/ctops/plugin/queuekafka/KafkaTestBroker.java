package io.ctops.plugin.queuekafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Apache Kafka broker for tests: one KRaft node (broker and controller) in its own JVM, started
 * from the Kafka jars on the test class path, with its logs in a temp directory. Its port stays the same
 * across {@link #stop()}/{@link #kill()} and {@link #start()}, so clients can wait for it to come back.
 *
 * <p>As a JUnit extension it starts before the test class (unless {@link #notStartedBeforeTests()}) and
 * is removed after it; its address is known from construction, so a server can be configured with it:
 * <pre>{@code
 * @RegisterExtension @Order(1)
 * static final KafkaTestBroker broker = KafkaTestBroker.create();
 * }</pre>
 */
public final class KafkaTestBroker implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final Duration READY_WAIT = Duration.ofSeconds(90);

    private final Path home;
    private final int port;
    private final int controllerPort;
    private Process process;
    private boolean startBeforeTests = true;
    // tests want a broker that starts fast (C1 only); a benchmark wants one that runs fast
    private boolean quickStart = true;

    private KafkaTestBroker(Path home, int port, int controllerPort) {
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Picks free ports, writes server.properties and formats the storage; does not start the broker. */
    public static KafkaTestBroker create() {
        try {
            Path home = Files.createTempDirectory("kafka-test-broker-");
            KafkaTestBroker broker = new KafkaTestBroker(home, freePort(), freePort());
            broker.writeConfig();
            broker.format();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a kafka broker", e);
        }
    }

    /** Starts the broker with the full JIT, for benchmarks: slower to start, faster once warm. */
    public KafkaTestBroker withFullJit() {
        quickStart = false;
        return this;
    }

    /** Leaves starting to the test (to try a broker that is down at first). */
    public KafkaTestBroker notStartedBeforeTests() {
        startBeforeTests = false;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (startBeforeTests) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** {@code 127.0.0.1:<port>} */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the broker JVM and waits until it answers clients. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> options = new ArrayList<>(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC"));
        if (quickStart) {
            options.add("-XX:TieredStopAtLevel=1");
        }
        process = java(options, "kafka.Kafka", List.of(config().toString()), home.resolve("broker.out"));
        awaitReady();
    }

    /** Stops the broker cleanly (SIGTERM: controlled shutdown) and waits for it to exit. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills the broker (SIGKILL), as a crash or power loss of its host would. */
    public synchronized void kill() {
        end(true);
    }

    @Override
    public synchronized void close() {
        kill();
        delete(home);
    }

    private void end(boolean force) {
        if (process == null) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private Path config() {
        return home.resolve("server.properties");
    }

    private void writeConfig() throws IOException {
        Files.writeString(config(), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + home.resolve("data"),
                "num.partitions=1",
                // the queue must create its topics itself, with the operator's partitions
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=2",
                "") + "\n");
        // the broker's own log lines go to a file beside its data, not into the test output
        Files.writeString(home.resolve("logback.xml"), """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d %%-5level [%%thread] %%logger{30} - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(home.resolve("broker.log")));
    }

    private void format() {
        Process formatting = java(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), "kafka.tools.StorageTool",
                List.of("format", "--config", config().toString(), "--cluster-id", Uuid.randomUuid().toString(), "--standalone"),
                home.resolve("format.out"));
        try {
            if (!formatting.waitFor(120, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IllegalStateException("formatting the kafka storage failed: " + tail(home.resolve("format.out")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the kafka storage", e);
        }
    }

    private Process java(List<String> jvmOptions, String mainClass, List<String> arguments, Path output) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dlogback.configurationFile=" + home.resolve("logback.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(arguments);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the kafka broker exited with " + process.exitValue() + ": "
                        + tail(home.resolve("broker.out")) + tail(home.resolve("broker.log")));
            }
            if (accepts() && answersClients()) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("the kafka broker did not come up within " + READY_WAIT + ": " + tail(home.resolve("broker.log")));
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersClients() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, "kafka-test-broker-probe",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(" + file + " unreadable)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
