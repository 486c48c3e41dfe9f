package io.ctops.plugin.monitoring.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.ingest.AgentRef;
import io.ctops.sdk.ingest.HeartbeatContributor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every heartbeat with the host's whole set of enabled checks (the server sets
 * {@code replace_checks}), so an edit, a disable and a delete all reach the agent on its next
 * heartbeat after the snapshot refreshed.
 *
 * <p>Heartbeats must not wait for the database: the answer comes from an in-memory snapshot of all
 * enabled checks. A heartbeat that finds the snapshot older than {@link #REFRESH} starts a refresh in
 * the background (reading one sequence value, and all checks only when it moved). Until the first
 * snapshot is loaded this contributor throws, so the server answers without replace_checks and the
 * agent keeps the checks it has instead of being told to run none.
 */
@Extension
public class MonitoringCheckPusher implements HeartbeatContributor {

    static final Duration REFRESH = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringCheckPusher.class);

    private record Snapshot(long revision, long loadedAtNanos, Map<UUID, List<CheckDefinition>> byHost) {
    }

    private final MonitoringChecks checks;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot snapshot;

    public MonitoringCheckPusher(PluginContext context) {
        this.checks = new MonitoringChecks(context.dsl());
        refreshAsync();
    }

    @Override
    public void contribute(AgentRef agent, HeartbeatRequest heartbeat, HeartbeatResponse.Builder answer) {
        Snapshot current = snapshot;
        if (current == null || System.nanoTime() - current.loadedAtNanos() > REFRESH.toNanos()) {
            refreshAsync();
        }
        if (current == null) {
            throw new IllegalStateException("monitoring checks are not loaded yet; the agent keeps its current set");
        }
        answer.addAllChecks(current.byHost().getOrDefault(agent.hostId(), List.of()));
    }

    private void refreshAsync() {
        if (refreshing.compareAndSet(false, true)) {
            CompletableFuture.runAsync(this::refresh).whenComplete((ok, error) -> {
                refreshing.set(false);
                if (error != null) {
                    LOG.warn("Monitoring checks not refreshed: {}", error.toString());
                }
            });
        }
    }

    private void refresh() {
        Snapshot current = snapshot;
        long revision = checks.revision();
        if (current != null && current.revision() == revision) {
            snapshot = new Snapshot(revision, System.nanoTime(), current.byHost());
            return;
        }
        snapshot = new Snapshot(revision, System.nanoTime(), checks.enabledByHost());
    }
}
