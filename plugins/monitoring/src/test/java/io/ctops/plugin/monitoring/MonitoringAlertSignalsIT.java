package io.ctops.plugin.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.proto.queue.v1.AlertSignal;
import io.ctops.proto.queue.v1.CheckResultReceived;
import io.ctops.sdk.alert.AlertSignals;
import io.ctops.sdk.alert.AlertSource;
import io.ctops.sdk.queue.Topics;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.TestAgent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the plugin publishes on {@code alerts.signals}, read back from the server's real queue as an
 * alerting plugin would: each host's latest metric values after its samples are stored, and a check's
 * state changes (OK → CRITICAL → OK) but not a repeated state.
 */
class MonitoringAlertSignalsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String READER = "test.alert-reader";

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(Path.of(System.getProperty("plugin.jar")));

    private final List<AlertSignal> received = new ArrayList<>();

    @Test
    void metricValuesAndCheckStateChangesArePublishedPerHost() {
        MonitoringFixtures fixtures = new MonitoringFixtures(server);
        Actor admin = fixtures.setUp("Acme", "admin@acme.example");
        MonitoringApi engineer = new MonitoringApi(server.baseUrl(),
                fixtures.apiKey(fixtures.user(admin, "eng@acme.example", Role.ENGINEER)));
        UUID hostA;
        UUID hostB;
        String token = fixtures.enrolmentToken(admin.orgId());
        try (TestAgent a = TestAgent.create("signals-a", "10.9.2.1"); TestAgent b = TestAgent.create("signals-b", "10.9.2.2")) {
            hostA = fixtures.register(a, token);
            hostB = fixtures.register(b, token);
        }

        // metrics: two samples of A (the second one has network rates), one of B
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        server.publish(Topics.METRICS_RAW, hostA.toString(), MonitoringFixtures.sample(admin.orgId(), hostA, t, 91.5, 40));
        server.publish(Topics.METRICS_RAW, hostA.toString(), MonitoringFixtures.sample(admin.orgId(), hostA, t.plusSeconds(10), 97.25, 41));
        server.publish(Topics.METRICS_RAW, hostB.toString(), MonitoringFixtures.sample(admin.orgId(), hostB, t, 12.0, 70));

        AlertSignal latestA = awaitSignal("A's latest values", s -> s.getHostId().equals(hostA.toString())
                && s.getMetricsCount() > 0 && seconds(s.getAt()) == t.plusSeconds(10).getEpochSecond());
        assertEquals("monitoring", latestA.getSource());
        assertEquals(admin.orgId().toString(), latestA.getOrgId());
        assertEquals(97.25, latestA.getMetricsOrThrow("cpu"), 1e-9);
        assertEquals(41.0, latestA.getMetricsOrThrow("memory"), 1e-9);
        // eth0 counted 1000 B/s received and 500 B/s sent between the two samples (MonitoringFixtures.sample)
        assertEquals(1000.0, latestA.getMetricsOrThrow("net.rx"), 1e-9);
        assertEquals(500.0, latestA.getMetricsOrThrow("net.tx"), 1e-9);
        AlertSignal latestB = awaitSignal("B's values", s -> s.getHostId().equals(hostB.toString()) && s.getMetricsCount() > 0);
        assertEquals(12.0, latestB.getMetricsOrThrow("cpu"), 1e-9);
        assertTrue(!latestB.hasStatusChange(), latestB.toString());

        // every metric published is one the AlertSource describes, with the kind it says
        Set<String> described = new MonitoringAlertSource().signals().stream()
                .filter(s -> s.kind() == AlertSource.Kind.METRIC).map(AlertSource.Signal::name).collect(Collectors.toSet());
        for (AlertSignal signal : received) {
            assertTrue(described.containsAll(signal.getMetricsMap().keySet()), signal.getMetricsMap() + " vs " + described);
        }

        // a check of A: OK, CRITICAL, CRITICAL again (no change), OK
        HttpResponse<String> created = engineer.post("hosts/" + hostA + "/checks",
                "{\"name\":\"web port\",\"type\":\"port\",\"settings\":{\"host\":\"127.0.0.1\",\"port\":\"8443\"},\"interval_secs\":30}");
        assertEquals(201, created.statusCode(), created.body());
        String checkId = id(created.body());
        Instant c = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        publishResult(admin.orgId(), hostA, checkId, CheckResult.State.STATE_OK, "TCP 127.0.0.1:8443 connected in 1 ms", c);
        publishResult(admin.orgId(), hostA, checkId, CheckResult.State.STATE_CRITICAL, "TCP 127.0.0.1:8443 not reachable", c.plusSeconds(30));
        publishResult(admin.orgId(), hostA, checkId, CheckResult.State.STATE_CRITICAL, "TCP 127.0.0.1:8443 not reachable", c.plusSeconds(60));
        publishResult(admin.orgId(), hostA, checkId, CheckResult.State.STATE_OK, "TCP 127.0.0.1:8443 connected in 2 ms", c.plusSeconds(90));

        awaitSignal("the change back to OK", s -> s.hasStatusChange() && s.getStatusChange().getFromState().equals("CRITICAL"));
        drain(); // anything else published by then
        List<AlertSignal.StatusChange> changes = received.stream().filter(AlertSignal::hasStatusChange)
                .map(AlertSignal::getStatusChange).toList();
        assertEquals(List.of("->OK", "OK->CRITICAL", "CRITICAL->OK"),
                changes.stream().map(s -> s.getFromState() + "->" + s.getToState()).toList(), changes.toString());
        for (AlertSignal.StatusChange change : changes) {
            assertEquals("check.status", change.getSignal());
            assertEquals(checkId, change.getSubjectId());
            assertEquals("web port", change.getSubjectName());
        }
        assertEquals("TCP 127.0.0.1:8443 not reachable", changes.get(1).getDetail());
        AlertSignal backToOk = received.stream().filter(s -> s.hasStatusChange()
                && s.getStatusChange().getToState().equals("OK") && s.getStatusChange().getFromState().equals("CRITICAL")).findFirst().orElseThrow();
        assertEquals(hostA.toString(), backToOk.getHostId());
        assertEquals(c.plusSeconds(90).getEpochSecond(), seconds(backToOk.getAt()));
        assertTrue(new MonitoringAlertSource().signals().stream().anyMatch(s -> s.name().equals("check.status")
                && s.kind() == AlertSource.Kind.STATUS_CHANGE));
    }

    private void publishResult(UUID org, UUID host, String checkId, CheckResult.State state, String output, Instant at) {
        server.publish(Topics.CHECKS_RESULTS, host.toString(), CheckResultReceived.newBuilder().setOrgId(org.toString())
                .setHostId(host.toString()).setResult(CheckResult.newBuilder().setCheckId(checkId).setState(state)
                        .setOutput(output).setDurationMs(1).setCheckedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond())))
                .build());
    }

    /** Reads the topic until a signal matches; everything read is kept in {@link #received}. */
    private AlertSignal awaitSignal(String description, Predicate<AlertSignal> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (AlertSignal signal : received) {
                if (wanted.test(signal)) {
                    return signal;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no signal: " + description + "; received " + received);
            }
            received.addAll(server.read(READER, AlertSignals.TOPIC, 100, Duration.ofMillis(500)));
        }
    }

    private void drain() {
        List<AlertSignal> more;
        do {
            more = server.read(READER, AlertSignals.TOPIC, 100, Duration.ofSeconds(2));
            received.addAll(more);
        } while (!more.isEmpty());
    }

    private static long seconds(Timestamp at) {
        return at.getSeconds();
    }

    private static String id(String json) {
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }
}
