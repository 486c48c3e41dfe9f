package io.ctops.plugin.queuekafka;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster from a background thread: can the brokers be reached, do the core topics exist
 * (creating them when they can be). Its verdict is what {@code /healthz} shows, and while the brokers are
 * known to be down a publish fails at once instead of holding a heartbeat thread for the publish timeout.
 * Checks every second while something is wrong, every ten seconds while all is well.
 */
final class KafkaHealthMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHealthMonitor.class);
    static final Duration CHECK_WHILE_WRONG = Duration.ofSeconds(1);
    static final Duration CHECK_WHILE_WELL = Duration.ofSeconds(10);

    private final Admin admin;
    private final KafkaTopics topics;
    private final List<String> coreTopics;
    private final String servers;
    private final Thread thread;
    private final CountDownLatch firstCheck = new CountDownLatch(1);
    private volatile Optional<String> problem;
    private volatile boolean unreachable;
    private volatile boolean running = true;

    KafkaHealthMonitor(Admin admin, KafkaTopics topics, List<String> coreTopics, List<String> servers) {
        this.admin = requireNonNull(admin, "admin is null");
        this.topics = requireNonNull(topics, "topics is null");
        this.coreTopics = List.copyOf(coreTopics);
        this.servers = String.join(",", servers);
        this.problem = Optional.of("kafka broker not reached yet at " + this.servers);
        this.thread = new Thread(this::run, "kafka-queue-health");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits until the first check finished (or the time is up); returns whether all was well. */
    boolean awaitFirstCheck(Duration timeout) throws InterruptedException {
        return firstCheck.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && problem.isEmpty();
    }

    Optional<String> problem() {
        return problem;
    }

    /** The last check could not reach any broker. */
    boolean unreachable() {
        return unreachable;
    }

    String servers() {
        return servers;
    }

    private void run() {
        while (running) {
            check();
            firstCheck.countDown();
            try {
                Thread.sleep((problem.isPresent() ? CHECK_WHILE_WRONG : CHECK_WHILE_WELL).toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void check() {
        Optional<String> before = problem;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) KafkaClientConfigs.ADMIN_TIMEOUT.toMillis()))
                    .nodes().get(KafkaClientConfigs.ADMIN_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            unreachable = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            unreachable = true;
            report(before, Optional.of("kafka broker unreachable at " + servers));
            return;
        }
        try {
            topics.ensure(coreTopics, KafkaClientConfigs.ADMIN_TIMEOUT);
            report(before, Optional.empty());
        } catch (RuntimeException e) {
            report(before, Optional.of(e.getMessage()));
        }
    }

    private void report(Optional<String> before, Optional<String> now) {
        problem = now;
        if (!now.equals(before)) {
            if (now.isPresent()) {
                LOG.warn("Kafka queue: {}; retrying every {} s", now.get(), CHECK_WHILE_WRONG.toSeconds());
            } else {
                LOG.info("Kafka queue: brokers at {} reached, topics in place", servers);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(KafkaClientConfigs.ADMIN_TIMEOUT.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
