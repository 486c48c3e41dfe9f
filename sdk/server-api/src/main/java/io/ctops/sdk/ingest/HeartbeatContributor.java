package io.ctops.sdk.ingest;

import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import org.pf4j.ExtensionPoint;

/**
 * What a plugin pushes to agents on their heartbeat stream: check definitions, tasks, commands.
 *
 * <p>Called for every heartbeat of every agent on the ingest thread that answers it, so it must be
 * fast and must not block: keep what you push in memory (refreshed by a {@link io.ctops.sdk.job.ScheduledJob}
 * or a queue consumer) and only copy it into the answer here. An exception is logged and the
 * heartbeat is answered without this contributor's part.
 */
public interface HeartbeatContributor extends ExtensionPoint {

    /** Adds this plugin's part to the answer to one heartbeat. */
    void contribute(AgentRef agent, HeartbeatRequest heartbeat, HeartbeatResponse.Builder answer);
}
