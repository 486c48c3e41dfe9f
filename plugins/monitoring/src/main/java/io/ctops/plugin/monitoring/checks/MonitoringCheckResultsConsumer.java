package io.ctops.plugin.monitoring.checks;

import static io.ctops.plugin.monitoring.checks.MonitoringChecks.CHECK;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.CHECKED_AT;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.CHECK_ID;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.DURATION;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.HOST_ID;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.ID;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.LAST_CHECKED_AT;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.LAST_OUTPUT;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.LAST_STATE;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.NAME;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.ORG_ID;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.OUTPUT;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.RESULT;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.STATE;
import static io.ctops.plugin.monitoring.checks.MonitoringChecks.utc;

import io.ctops.proto.agent.v1.CheckResult.State;
import io.ctops.proto.queue.v1.AlertSignal;
import io.ctops.proto.queue.v1.CheckResultReceived;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.alert.AlertSignals;
import io.ctops.sdk.queue.QueueConsumer;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.pf4j.Extension;

/**
 * Stores checks.results: each result of a known check of that host once (a redelivery is a no-op),
 * the newest one as the check's latest state, and a {@code check.status} alert signal whenever that
 * state changes. Results for checks that do not exist (deleted since) or belong to another host are
 * ignored. Signals are published inside the transaction, so a failed publish makes the batch come
 * again with the change still undetected (at-least-once, never lost).
 */
@Extension
public class MonitoringCheckResultsConsumer implements QueueConsumer {

    static final int MAX_OUTPUT = 4000;

    private final PluginContext context;

    public MonitoringCheckResultsConsumer(PluginContext context) {
        this.context = context;
    }

    @Override
    public String group() {
        return "monitoring.checks";
    }

    @Override
    public List<Topic<?>> topics() {
        return List.of(Topics.CHECKS_RESULTS);
    }

    private record Incoming(UUID orgId, UUID hostId, UUID checkId, Instant at, String state, String output, int durationMs) {
    }

    @Override
    public void handle(List<QueueRecord<?>> batch) {
        List<Incoming> results = new ArrayList<>();
        for (QueueRecord<?> record : batch) {
            CheckResultReceived received = record.payloadOf(Topics.CHECKS_RESULTS);
            try {
                var r = received.getResult();
                Instant at = r.hasCheckedAt() ? Instant.ofEpochSecond(r.getCheckedAt().getSeconds(), r.getCheckedAt().getNanos())
                        : record.publishedAt();
                String output = r.getOutput().length() > MAX_OUTPUT ? r.getOutput().substring(0, MAX_OUTPUT) : r.getOutput();
                results.add(new Incoming(UUID.fromString(received.getOrgId()), UUID.fromString(received.getHostId()),
                        UUID.fromString(r.getCheckId()), at.truncatedTo(ChronoUnit.MICROS), state(r.getState()), output,
                        r.getDurationMs()));
            } catch (IllegalArgumentException notOurs) {
                // a check id that is no UUID was not pushed by this plugin
            }
        }
        results.sort(Comparator.comparing(Incoming::at));
        context.dsl().transaction(tx -> {
            for (Incoming result : results) {
                store(tx.dsl(), result);
            }
        });
    }

    private void store(DSLContext tx, Incoming result) {
        Record check = tx.select(NAME, LAST_STATE, LAST_CHECKED_AT).from(CHECK)
                .where(ID.eq(result.checkId()).and(HOST_ID.eq(result.hostId())).and(ORG_ID.eq(result.orgId())))
                .forUpdate().fetchOne();
        if (check == null) {
            return;
        }
        int inserted = tx.insertInto(RESULT).set(CHECK_ID, result.checkId()).set(HOST_ID, result.hostId())
                .set(CHECKED_AT, utc(result.at())).set(STATE, result.state()).set(OUTPUT, result.output())
                .set(DURATION, result.durationMs()).onConflictDoNothing().execute();
        var lastAt = check.get(LAST_CHECKED_AT);
        if (inserted == 0 || lastAt != null && !result.at().isAfter(lastAt.toInstant())) {
            return; // seen before, or older than the latest
        }
        tx.update(CHECK).set(LAST_STATE, result.state()).set(LAST_OUTPUT, result.output())
                .set(LAST_CHECKED_AT, utc(result.at())).where(ID.eq(result.checkId())).execute();
        String before = check.get(LAST_STATE);
        if (!result.state().equals(before)) {
            AlertSignals.statusChange(context.queue(), context.pluginId(), result.orgId(), result.hostId(), result.at(),
                    AlertSignal.StatusChange.newBuilder().setSignal("check.status").setSubjectId(result.checkId().toString())
                            .setSubjectName(check.get(NAME)).setFromState(before == null ? "" : before)
                            .setToState(result.state()).setDetail(result.output()).build());
        }
    }

    static String state(State state) {
        return switch (state) {
            case STATE_OK -> "OK";
            case STATE_WARNING -> "WARNING";
            case STATE_CRITICAL -> "CRITICAL";
            default -> "UNKNOWN";
        };
    }
}
