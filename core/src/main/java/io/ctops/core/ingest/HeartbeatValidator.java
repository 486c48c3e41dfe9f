package io.ctops.core.ingest;

import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.proto.agent.v1.DiskUsage;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.Vitals;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks a heartbeat before anything of it is stored: finite, in-range vitals, bounded lists and a
 * believable timestamp. The message names the offending field.
 */
final class HeartbeatValidator {

    static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    /** How far back a replayed (spooled) heartbeat may go; live ones must be recent. */
    static final Duration MAX_REPLAY_AGE = Duration.ofDays(7);
    static final Duration MAX_LIVE_AGE = Duration.ofHours(1);
    static final int MAX_DISKS = 128;
    static final int MAX_INTERFACES = 128;
    static final int MAX_CHECK_RESULTS = 1000;
    static final int MAX_TASK_UPDATES = 1000;
    static final int MAX_DISCOVERIES = 100;
    /** The agent cuts check output at 1000 characters; this leaves room for other agents' checks. */
    static final int MAX_CHECK_OUTPUT = 16 * 1024;
    static final int MAX_CHECK_ID = 256;

    private HeartbeatValidator() {
    }

    /** Throws IllegalArgumentException with a short message naming the field. */
    static void validate(HeartbeatRequest heartbeat, Instant now) {
        if (heartbeat.hasSentAt()) {
            Instant sent = Instant.ofEpochSecond(heartbeat.getSentAt().getSeconds(), heartbeat.getSentAt().getNanos());
            if (sent.isAfter(now.plus(MAX_FUTURE))) {
                throw new IllegalArgumentException("sent_at is in the future");
            }
            Duration maxAge = heartbeat.getReplayed() ? MAX_REPLAY_AGE : MAX_LIVE_AGE;
            if (sent.isBefore(now.minus(maxAge))) {
                throw new IllegalArgumentException("sent_at is older than " + maxAge.toHours() + " h");
            }
        }
        if (heartbeat.getIntervalSecs() > 3600) {
            throw new IllegalArgumentException("interval_secs above 3600");
        }
        if (heartbeat.hasVitals()) {
            vitals(heartbeat.getVitals());
        }
        limit("check_results", heartbeat.getCheckResultsCount(), MAX_CHECK_RESULTS);
        for (CheckResult result : heartbeat.getCheckResultsList()) {
            if (result.getCheckId().length() > MAX_CHECK_ID) {
                throw new IllegalArgumentException("check_results.check_id longer than " + MAX_CHECK_ID + " characters");
            }
            if (result.getOutput().length() > MAX_CHECK_OUTPUT) {
                throw new IllegalArgumentException("check_results.output longer than " + MAX_CHECK_OUTPUT
                        + " characters (check " + abbreviate(result.getCheckId()) + ")");
            }
        }
        limit("task_updates", heartbeat.getTaskUpdatesCount(), MAX_TASK_UPDATES);
        limit("discoveries", heartbeat.getDiscoveriesCount(), MAX_DISCOVERIES);
        if (heartbeat.getAgentVersion().length() > 64) {
            throw new IllegalArgumentException("agent_version longer than 64 characters");
        }
    }

    private static void vitals(Vitals v) {
        percent("vitals.cpu_percent", v.getCpuPercent());
        percent("vitals.memory_percent", v.getMemoryPercent());
        percent("vitals.swap_percent", v.getSwapPercent());
        percent("vitals.root_disk_percent", v.getRootDiskPercent());
        nonNegative("vitals.load1", v.getLoad1());
        nonNegative("vitals.load5", v.getLoad5());
        nonNegative("vitals.load15", v.getLoad15());
        limit("vitals.disks", v.getDisksCount(), MAX_DISKS);
        limit("vitals.interfaces", v.getInterfacesCount(), MAX_INTERFACES);
        for (DiskUsage disk : v.getDisksList()) {
            if (Long.compareUnsigned(disk.getUsedBytes(), disk.getTotalBytes()) > 0) {
                throw new IllegalArgumentException("vitals.disks: used_bytes above total_bytes for " + abbreviate(disk.getMount()));
            }
        }
    }

    private static void percent(String field, double value) {
        if (!Double.isFinite(value) || value < 0 || value > 100) {
            throw new IllegalArgumentException(field + " must be a number from 0 to 100");
        }
    }

    private static void nonNegative(String field, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(field + " must be a finite number of at least 0");
        }
    }

    private static void limit(String field, int count, int max) {
        if (count > max) {
            throw new IllegalArgumentException(field + ": more than " + max + " entries");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
