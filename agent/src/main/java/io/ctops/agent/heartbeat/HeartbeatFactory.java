package io.ctops.agent.heartbeat;

import com.google.protobuf.Timestamp;
import io.ctops.agent.checks.CheckResultQueue;
import io.ctops.agent.collect.CollectionResult;
import io.ctops.agent.collect.CollectorRunner;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.PlatformInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Builds each heartbeat: runs the enabled collectors and adds the sequence number, the time, the
 * interval, the agent version, the platform and the check results that wait. Called from one
 * thread at a time, as collectors expect.
 */
public final class HeartbeatFactory {

    /** The most check results one heartbeat carries; more wait for the next one. */
    static final int MAX_CHECK_RESULTS = 500;

    private final CollectorRunner collectors;
    private final Supplier<PlatformInfo> platform;
    private final Clock clock;
    private final String agentVersion;
    private final int intervalSecs;
    private final AtomicLong sequence;
    private final CheckResultQueue checkResults;
    private final LongSupplier spoolDropped;

    /** A factory for an agent that runs no checks. */
    public HeartbeatFactory(CollectorRunner collectors, Supplier<PlatformInfo> platform, Clock clock, String agentVersion,
            Duration interval, long firstSequence) {
        this(collectors, platform, clock, agentVersion, interval, firstSequence, new CheckResultQueue());
    }

    /**
     * @param collectors the enabled collectors
     * @param platform the host's platform, refreshed now and then
     * @param clock the time heartbeats are stamped with
     * @param agentVersion this agent's version
     * @param interval the heartbeat interval
     * @param firstSequence the sequence number of the first heartbeat
     * @param checkResults the check results waiting to be sent
     */
    public HeartbeatFactory(CollectorRunner collectors, Supplier<PlatformInfo> platform, Clock clock, String agentVersion,
            Duration interval, long firstSequence, CheckResultQueue checkResults) {
        this(collectors, platform, clock, agentVersion, interval, firstSequence, checkResults, () -> 0);
    }

    /**
     * @param collectors the enabled collectors
     * @param platform the host's platform, refreshed now and then
     * @param clock the time heartbeats are stamped with
     * @param agentVersion this agent's version
     * @param interval the heartbeat interval
     * @param firstSequence the sequence number of the first heartbeat
     * @param checkResults the check results waiting to be sent
     * @param spoolDropped how many heartbeats the spool dropped so far, reported in every heartbeat
     */
    public HeartbeatFactory(CollectorRunner collectors, Supplier<PlatformInfo> platform, Clock clock, String agentVersion,
            Duration interval, long firstSequence, CheckResultQueue checkResults, LongSupplier spoolDropped) {
        this.collectors = requireNonNull(collectors, "collectors is null");
        this.platform = requireNonNull(platform, "platform is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.agentVersion = requireNonNull(agentVersion, "agentVersion is null");
        this.intervalSecs = (int) requireNonNull(interval, "interval is null").toSeconds();
        this.sequence = new AtomicLong(firstSequence);
        this.checkResults = requireNonNull(checkResults, "checkResults is null");
        this.spoolDropped = requireNonNull(spoolDropped, "spoolDropped is null");
    }

    /**
     * {@return the next heartbeat, with the collectors' figures as of now and the check results that
     * wait} The results stay queued until {@link #handedOver} says the heartbeat is on its way.
     */
    public HeartbeatRequest next() {
        CollectionResult result = collectors.collectOnce();
        Instant now = clock.instant();
        HeartbeatRequest.Builder heartbeat = HeartbeatRequest.newBuilder()
                .setSequence(sequence.getAndIncrement())
                .setSentAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setAgentVersion(agentVersion)
                .setIntervalSecs(intervalSecs)
                .setPlatform(platform.get())
                .setSpoolDroppedTotal(spoolDropped.getAsLong());
        if (!result.succeeded().isEmpty()) {
            heartbeat.setVitals(result.vitals());
        }
        heartbeat.addAllCheckResults(checkResults.pending(MAX_CHECK_RESULTS));
        return heartbeat.build();
    }

    /**
     * Forgets the check results this heartbeat carries: it is on the stream or in the spool now,
     * and either way it, and they, reach the server once it answers.
     *
     * @param heartbeat a heartbeat from {@link #next()} that the outbox took
     */
    public void handedOver(HeartbeatRequest heartbeat) {
        checkResults.remove(heartbeat.getCheckResultsList());
    }
}
