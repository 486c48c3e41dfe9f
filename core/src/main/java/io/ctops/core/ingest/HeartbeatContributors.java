package io.ctops.core.ingest;

import io.ctops.core.plugin.PluginLifecycleListener;
import io.ctops.core.plugin.RunningPlugin;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.ctops.sdk.ingest.AgentRef;
import io.ctops.sdk.ingest.HeartbeatContributor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link HeartbeatContributor}s of running plugins, asked for their part of every answer. */
public final class HeartbeatContributors implements PluginLifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatContributors.class);

    private final Map<String, List<HeartbeatContributor>> byPlugin = new ConcurrentHashMap<>();

    @Override
    public void started(RunningPlugin plugin) {
        List<HeartbeatContributor> contributors = plugin.extensions(HeartbeatContributor.class);
        if (!contributors.isEmpty()) {
            byPlugin.put(plugin.id(), contributors);
        }
    }

    @Override
    public void stopping(RunningPlugin plugin) {
        byPlugin.remove(plugin.id());
    }

    /** {@return whether every contributor added its part: only then is the answer's set of checks complete} */
    boolean contribute(AgentRef agent, HeartbeatRequest heartbeat, HeartbeatResponse.Builder answer) {
        AtomicBoolean complete = new AtomicBoolean(true);
        byPlugin.forEach((pluginId, contributors) -> {
            for (HeartbeatContributor contributor : contributors) {
                try {
                    contributor.contribute(agent, heartbeat, answer);
                } catch (RuntimeException e) {
                    complete.set(false);
                    LOG.warn("Plugin {}: {} failed for agent {}: {}", pluginId, contributor.getClass().getSimpleName(),
                            agent.agentId(), e.toString());
                }
            }
        });
        return complete.get();
    }
}
