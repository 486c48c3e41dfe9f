package io.ctops.plugin.monitoring.metrics;

import static java.util.Objects.requireNonNull;

import io.ctops.proto.agent.v1.DiskUsage;
import io.ctops.proto.agent.v1.InterfaceCounters;
import io.ctops.proto.agent.v1.Vitals;
import io.ctops.proto.queue.v1.MetricsRaw;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The documented rules for bad input (README, "Bad input"). A whole sample is rejected when its ids
 * are malformed, its time is older than the raw retention or more than {@link #FUTURE_TOLERANCE}
 * ahead, or a sample of the same host and time came earlier in the batch (the first one wins). A
 * single value that cannot be true (NaN or infinite, negative, a percentage above 100) is dropped —
 * stored as no value, never clamped, because a clamped 100 % would look like a real reading — and the
 * rest of the sample is kept. Every rejection and drop is counted by reason.
 */
public final class SampleValidator {

    /** Agent clocks may run a little ahead of the server's. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final Duration rawRetention;

    public SampleValidator(Duration rawRetention) {
        this.rawRetention = requireNonNull(rawRetention, "rawRetention is null");
    }

    /** The accepted samples of a batch, in order, and what was rejected or dropped. */
    public record Result(List<MetricSample> samples, InputCounts counts) {
    }

    public Result validate(List<MetricsRaw> batch, Instant now) {
        InputCounts counts = new InputCounts();
        List<MetricSample> samples = new ArrayList<>(batch.size());
        Set<String> seen = new HashSet<>();
        Instant oldest = now.minus(rawRetention);
        Instant newest = now.plus(FUTURE_TOLERANCE);
        for (MetricsRaw raw : batch) {
            UUID org = uuid(raw.getOrgId());
            UUID host = uuid(raw.getHostId());
            if (org == null || host == null || !raw.hasCollectedAt() || !raw.hasVitals()) {
                counts.add("sample.malformed");
                continue;
            }
            // PostgreSQL keeps microseconds; compare duplicates at the precision that is stored
            Instant at = Instant.ofEpochSecond(raw.getCollectedAt().getSeconds(), raw.getCollectedAt().getNanos())
                    .truncatedTo(ChronoUnit.MICROS);
            if (at.isBefore(oldest)) {
                counts.add("sample.too_old");
                continue;
            }
            if (at.isAfter(newest)) {
                counts.add("sample.future");
                continue;
            }
            if (!seen.add(host + "@" + at)) {
                counts.add("sample.duplicate");
                continue;
            }
            samples.add(sample(org, host, at, raw.getVitals(), counts));
        }
        return new Result(samples, counts);
    }

    private static MetricSample sample(UUID org, UUID host, Instant at, Vitals v, InputCounts counts) {
        List<MetricSample.DiskRow> disks = new ArrayList<>();
        Set<String> mounts = new HashSet<>();
        for (DiskUsage d : v.getDisksList()) {
            long total = d.getTotalBytes();
            long used = d.getUsedBytes();
            if (d.getMount().isEmpty() || total <= 0 || used < 0 || !mounts.add(d.getMount())) {
                counts.add("disk.malformed"); // no size, a counter past 2^63, or the same mount twice
                continue;
            }
            disks.add(new MetricSample.DiskRow(d.getMount(), percent(100.0 * used / total, counts), used, total));
        }
        List<MetricSample.InterfaceRow> interfaces = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (InterfaceCounters i : v.getInterfacesList()) {
            if (i.getName().isEmpty() || i.getRxBytes() < 0 || i.getTxBytes() < 0 || i.getRxErrors() < 0
                    || i.getTxErrors() < 0 || !names.add(i.getName())) {
                counts.add("interface.malformed");
                continue;
            }
            interfaces.add(new MetricSample.InterfaceRow(i.getName(), i.getRxBytes(), i.getTxBytes(), i.getRxErrors(),
                    i.getTxErrors(), null, null));
        }
        return new MetricSample(org, host, at, percent(v.getCpuPercent(), counts), percent(v.getMemoryPercent(), counts),
                percent(v.getSwapPercent(), counts), percent(v.getRootDiskPercent(), counts),
                nonNegative(v.getLoad1(), counts), nonNegative(v.getLoad5(), counts), nonNegative(v.getLoad15(), counts),
                null, null, disks, interfaces);
    }

    static Double percent(double value, InputCounts counts) {
        Double checked = nonNegative(value, counts);
        if (checked != null && checked > 100.0) {
            counts.add("value.over_100");
            return null;
        }
        return checked;
    }

    static Double nonNegative(double value, InputCounts counts) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            counts.add("value.not_a_number");
            return null;
        }
        if (value < 0) {
            counts.add("value.negative");
            return null;
        }
        return value;
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
