package io.ctops.core.queue.wal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the write-ahead-log queue stores its topics.
 *
 * @param segmentBytes a segment is sealed and a new one started when the next record would take it past this size
 * @param fsync when appended records are forced to disk
 * @param fsyncInterval the period of background fsyncs under {@link FsyncPolicy#INTERVAL}
 * @param retentionBytes per topic: beyond this many bytes the oldest sealed segments are deleted even if a
 *     consumer group has not read them yet
 * @param retentionAge sealed segments last written longer ago are deleted even if a consumer group has not
 *     read them yet
 * @param retentionCheckInterval how often retention runs
 */
public record WalSettings(
        long segmentBytes,
        FsyncPolicy fsync,
        Duration fsyncInterval,
        long retentionBytes,
        Duration retentionAge,
        Duration retentionCheckInterval) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_RETENTION_BYTES = 1024L * 1024 * 1024;
    public static final Duration DEFAULT_RETENTION_AGE = Duration.ofDays(7);
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETENTION_CHECK_INTERVAL = Duration.ofMinutes(1);

    public WalSettings {
        requireNonNull(fsync, "fsync is null");
        requireNonNull(fsyncInterval, "fsyncInterval is null");
        requireNonNull(retentionAge, "retentionAge is null");
        requireNonNull(retentionCheckInterval, "retentionCheckInterval is null");
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("segmentBytes must be positive");
        }
        if (retentionBytes < 1) {
            throw new IllegalArgumentException("retentionBytes must be positive");
        }
        if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
            throw new IllegalArgumentException("fsyncInterval must be positive");
        }
        if (retentionAge.isNegative() || retentionAge.isZero()) {
            throw new IllegalArgumentException("retentionAge must be positive");
        }
        if (retentionCheckInterval.isNegative() || retentionCheckInterval.isZero()) {
            throw new IllegalArgumentException("retentionCheckInterval must be positive");
        }
    }

    /** 64 MiB segments, fsync {@link FsyncPolicy#ALWAYS}, 1 GiB and 7 days of retention per topic. */
    public static WalSettings defaults() {
        return new WalSettings(DEFAULT_SEGMENT_BYTES, FsyncPolicy.ALWAYS, DEFAULT_FSYNC_INTERVAL,
                DEFAULT_RETENTION_BYTES, DEFAULT_RETENTION_AGE, DEFAULT_RETENTION_CHECK_INTERVAL);
    }

    public WalSettings withSegmentBytes(long bytes) {
        return new WalSettings(bytes, fsync, fsyncInterval, retentionBytes, retentionAge, retentionCheckInterval);
    }

    public WalSettings withFsync(FsyncPolicy policy) {
        return new WalSettings(segmentBytes, policy, fsyncInterval, retentionBytes, retentionAge, retentionCheckInterval);
    }

    public WalSettings withFsyncInterval(Duration interval) {
        return new WalSettings(segmentBytes, fsync, interval, retentionBytes, retentionAge, retentionCheckInterval);
    }

    public WalSettings withRetentionBytes(long bytes) {
        return new WalSettings(segmentBytes, fsync, fsyncInterval, bytes, retentionAge, retentionCheckInterval);
    }

    public WalSettings withRetentionAge(Duration age) {
        return new WalSettings(segmentBytes, fsync, fsyncInterval, retentionBytes, age, retentionCheckInterval);
    }

    public WalSettings withRetentionCheckInterval(Duration interval) {
        return new WalSettings(segmentBytes, fsync, fsyncInterval, retentionBytes, retentionAge, interval);
    }
}
