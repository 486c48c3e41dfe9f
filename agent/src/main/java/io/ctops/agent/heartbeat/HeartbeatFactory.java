package io.ctops.agent.heartbeat;

import com.google.protobuf.Timestamp;
import io.ctops.agent.collect.CollectionResult;
import io.ctops.agent.collect.CollectorRunner;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.PlatformInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Builds each heartbeat: runs the enabled collectors and adds the sequence number, the time, the
 * interval, the agent version and the platform. Called from one thread at a time, as collectors
 * expect.
 */
public final class HeartbeatFactory {

    private final CollectorRunner collectors;
    private final Supplier<PlatformInfo> platform;
    private final Clock clock;
    private final String agentVersion;
    private final int intervalSecs;
    private final AtomicLong sequence;

    /**
     * @param collectors the enabled collectors
     * @param platform the host's platform, refreshed now and then
     * @param clock the time heartbeats are stamped with
     * @param agentVersion this agent's version
     * @param interval the heartbeat interval
     * @param firstSequence the sequence number of the first heartbeat
     */
    public HeartbeatFactory(CollectorRunner collectors, Supplier<PlatformInfo> platform, Clock clock, String agentVersion,
            Duration interval, long firstSequence) {
        this.collectors = requireNonNull(collectors, "collectors is null");
        this.platform = requireNonNull(platform, "platform is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.agentVersion = requireNonNull(agentVersion, "agentVersion is null");
        this.intervalSecs = (int) requireNonNull(interval, "interval is null").toSeconds();
        this.sequence = new AtomicLong(firstSequence);
    }

    /** {@return the next heartbeat, with the collectors' figures as of now} */
    public HeartbeatRequest next() {
        CollectionResult result = collectors.collectOnce();
        Instant now = clock.instant();
        HeartbeatRequest.Builder heartbeat = HeartbeatRequest.newBuilder()
                .setSequence(sequence.getAndIncrement())
                .setSentAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setAgentVersion(agentVersion)
                .setIntervalSecs(intervalSecs)
                .setPlatform(platform.get());
        if (!result.succeeded().isEmpty()) {
            heartbeat.setVitals(result.vitals());
        }
        return heartbeat.build();
    }
}
