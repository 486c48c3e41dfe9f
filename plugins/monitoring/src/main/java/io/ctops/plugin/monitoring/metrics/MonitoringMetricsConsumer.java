package io.ctops.plugin.monitoring.metrics;

import io.ctops.plugin.monitoring.MonitoringSettings;
import io.ctops.proto.queue.v1.MetricsRaw;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.alert.AlertSignals;
import io.ctops.sdk.queue.QueueConsumer;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.pf4j.Extension;

/**
 * Stores metrics.raw into the raw time-series tables, one statement per batch (see
 * {@link MetricsBatchWriter}; {@link MonitoringRollupJob} derives the rollups from them), and publishes
 * each host's latest values as alert signals. A batch with
 * interfaces this consumer has not seen yet (after a restart, or new hosts) first reads their last
 * stored counters, so that their rates go on.
 */
@Extension
public class MonitoringMetricsConsumer implements QueueConsumer {

    static final Duration LINGER = Duration.ofMillis(500);

    private final PluginContext context;
    private final SampleValidator validator;
    private final MonitoringPartitions partitions;
    private final MetricsBatchWriter writer;
    private final InterfaceRates rates = new InterfaceRates();
    private final StoredInterfaceCounters storedCounters;
    private final Duration rawRetention;
    // partitions known to exist: the common batch needs no catalogue look-up
    private final Set<String> knownPartitions = new HashSet<>();

    public MonitoringMetricsConsumer(PluginContext context) {
        this(context, MonitoringSettings.fromEnvironment());
    }

    public MonitoringMetricsConsumer(PluginContext context, MonitoringSettings settings) {
        this.context = context;
        this.validator = new SampleValidator(settings.raw());
        this.partitions = new MonitoringPartitions(context.dsl(), settings);
        this.writer = new MetricsBatchWriter(context.dataSource());
        this.storedCounters = new StoredInterfaceCounters(context.dsl());
        this.rawRetention = settings.raw();
    }

    @Override
    public String group() {
        return "monitoring.metrics";
    }

    @Override
    public List<Topic<?>> topics() {
        return List.of(Topics.METRICS_RAW);
    }

    /**
     * Large, because a statement has a fixed cost (planning, the round trip, the commit) that a larger batch
     * shares between more samples.
     */
    @Override
    public int maxBatchSize() {
        return 10_000;
    }

    /**
     * Heartbeats trickle in (a fleet of 3,000 at 10 s is 300 a second): without waiting, each batch would
     * hold one or two samples and cost a statement each. Half a second gathers them, well inside the
     * 2 s the fleet target allows from heartbeat to committed row.
     */
    @Override
    public Duration linger() {
        return LINGER;
    }

    @Override
    public void handle(List<QueueRecord<?>> batch) throws Exception {
        List<MetricsRaw> payloads = new ArrayList<>(batch.size());
        for (QueueRecord<?> record : batch) {
            payloads.add(record.payloadOf(Topics.METRICS_RAW));
        }
        store(payloads);
    }

    /** Validates and stores payloads; returns how many samples were new. Also used by the benchmark. */
    public int store(List<MetricsRaw> payloads) throws Exception {
        Instant now = context.clock().instant();
        SampleValidator.Result valid = validator.validate(payloads, now);
        ensurePartitions(valid.samples());
        seedRates(valid.samples(), now);
        InterfaceRates.Plan plan = rates.plan(valid.samples());
        int inserted = writer.write(plan.samples(), valid.counts().asMap());
        rates.commit(plan);
        publishSignals(plan.samples());
        return inserted;
    }

    /** After a restart (or for a host new to this consumer), the previous counters come from the database. */
    private void seedRates(List<MetricSample> samples, Instant now) {
        Set<InterfaceRates.Key> unknown = rates.unknown(samples);
        if (!unknown.isEmpty()) {
            rates.seed(unknown, storedCounters.newest(unknown, now.minus(rawRetention)));
        }
    }

    private void ensurePartitions(List<MetricSample> samples) {
        List<MonitoringPartitions.Partition> missing = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (MetricSample sample : samples) {
            for (MonitoringPartitions.Partition p : MonitoringPartitions.forSampleAt(sample.at())) {
                if (!knownPartitions.contains(p.name()) && names.add(p.name())) {
                    missing.add(p);
                }
            }
        }
        if (!missing.isEmpty()) {
            knownPartitions.addAll(partitions.ensure(missing));
        }
    }

    /**
     * The latest values of each host in the batch, for alert rules; redelivery may repeat them (at-least-once).
     * Published together and awaited together: one at a time, each waited for its own sync of the queue
     * (about a thousand per batch at 19,000 hosts), which held up the next batch.
     */
    private void publishSignals(List<MetricSample> samples) {
        Map<UUID, MetricSample> latest = new LinkedHashMap<>();
        for (MetricSample sample : samples) {
            latest.merge(sample.hostId(), sample, (a, b) -> b.at().isAfter(a.at()) ? b : a);
        }
        List<CompletableFuture<Void>> published = new ArrayList<>(latest.size());
        for (MetricSample sample : latest.values()) {
            Map<String, Double> values = sample.hostSeries();
            if (!values.isEmpty()) {
                published.add(AlertSignals.metricsAsync(context.queue(), context.pluginId(), sample.orgId(),
                        sample.hostId(), sample.at(), values));
            }
        }
        try {
            CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // the batch fails as a synchronous publish would have failed it, and is delivered again
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
