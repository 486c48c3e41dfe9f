package io.ctops.core.metrics;

import io.ctops.core.ingest.HeartbeatServices;
import io.ctops.core.plugin.PluginHost;
import io.ctops.core.plugin.PluginState;
import io.ctops.core.plugin.PluginStatus;
import io.ctops.core.plugin.RunningPlugin;
import io.ctops.sdk.metrics.MetricsSource;
import java.util.List;
import io.ctops.core.queue.ConsumerRuntime;
import io.ctops.core.queue.QueueMetrics;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.Optional;

/** Gathers the server's metrics for {@code /metrics}: JVM, plugin states, queue counters. */
public final class ServerMetrics {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerMetrics.class);

    private final PluginHost plugins;
    private final QueueMetrics queue;
    private final ConsumerRuntime consumers;
    private final Optional<HeartbeatServices.Counters> heartbeats;

    public ServerMetrics(PluginHost plugins, QueueMetrics queue, ConsumerRuntime consumers,
                         Optional<HeartbeatServices.Counters> heartbeats) {
        this.plugins = plugins;
        this.queue = queue;
        this.consumers = consumers;
        this.heartbeats = heartbeats;
    }

    public String exposition() {
        PrometheusText text = new PrometheusText();
        jvm(text);
        text.family("ctops_plugin_state", "gauge", "1 for the state each plugin is in");
        for (PluginStatus status : plugins.plugins()) {
            for (PluginState state : PluginState.values()) {
                text.sample("ctops_plugin_state", Map.of("plugin", status.id(), "version", status.version(),
                        "state", state.name()), status.state() == state ? 1 : 0);
            }
        }
        text.family("ctops_queue_published_total", "counter", "Messages published per topic");
        queue.publishedByTopic().forEach((topic, n) -> text.sample("ctops_queue_published_total", Map.of("topic", topic), n));
        text.family("ctops_queue_dropped_total", "counter", "Messages dropped by retention before every group read them");
        queue.droppedByTopic().forEach((topic, n) -> text.sample("ctops_queue_dropped_total", Map.of("topic", topic), n));
        text.family("ctops_queue_consumed_total", "counter", "Messages handled and committed per consumer group and topic");
        queue.consumedByGroup().forEach((key, n) -> text.sample("ctops_queue_consumed_total",
                Map.of("group", key.group(), "topic", key.topic()), n));
        text.family("ctops_queue_lag", "gauge", "Messages not yet handled per consumer group and topic");
        consumers.lag().forEach((group, byTopic) -> byTopic.forEach((topic, n) ->
                text.sample("ctops_queue_lag", Map.of("group", group, "topic", topic), n)));
        heartbeats.ifPresent(counters -> {
            text.family("ctops_heartbeats_total", "counter", "Heartbeats received, by what became of them");
            text.sample("ctops_heartbeats_total", Map.of("outcome", "stored"), counters.stored());
            text.sample("ctops_heartbeats_total", Map.of("outcome", "rate_limited"), counters.rateLimited());
            text.sample("ctops_heartbeats_total", Map.of("outcome", "rejected"), counters.rejected());
            text.family("ctops_heartbeat_streams", "gauge", "Open agent heartbeat streams");
            text.sample("ctops_heartbeat_streams", counters.openStreams());
            text.family("ctops_heartbeat_streams_refused_total", "counter",
                    "Heartbeat streams ended with RESOURCE_EXHAUSTED, by reason");
            text.sample("ctops_heartbeat_streams_refused_total", Map.of("reason", "too_large"), counters.refusedTooLarge());
            text.sample("ctops_heartbeat_streams_refused_total", Map.of("reason", "too_fast"), counters.refusedTooFast());
        });
        pluginFamilies(text);
        return text.toString();
    }

    /** Families of running plugins' MetricsSources; one failing source is left out, not the scrape. */
    private void pluginFamilies(PrometheusText text) {
        for (RunningPlugin plugin : plugins.running()) {
            for (MetricsSource source : plugin.extensions(MetricsSource.class)) {
                List<MetricsSource.Family> families;
                try {
                    families = source.collect();
                } catch (RuntimeException e) {
                    LOG.warn("Metrics of plugin {} left out of this scrape: {}", plugin.id(), e.toString());
                    continue;
                }
                for (MetricsSource.Family family : families) {
                    text.family(family.name(), family.type().name().toLowerCase(java.util.Locale.ROOT), family.help());
                    family.samples().forEach(sample -> text.sample(family.name(), sample.labels(), sample.value()));
                }
            }
        }
    }

    private static void jvm(PrometheusText text) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        text.family("jvm_memory_used_bytes", "gauge", "JVM memory in use");
        text.sample("jvm_memory_used_bytes", Map.of("area", "heap"), memory.getHeapMemoryUsage().getUsed());
        text.sample("jvm_memory_used_bytes", Map.of("area", "nonheap"), memory.getNonHeapMemoryUsage().getUsed());
        text.family("jvm_memory_max_bytes", "gauge", "JVM heap limit");
        text.sample("jvm_memory_max_bytes", Map.of("area", "heap"), memory.getHeapMemoryUsage().getMax());
        text.family("jvm_threads_live", "gauge", "Live JVM threads");
        text.sample("jvm_threads_live", ManagementFactory.getThreadMXBean().getThreadCount());
        text.family("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collection");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            text.sample("jvm_gc_collection_seconds_total", Map.of("gc", gc.getName()), gc.getCollectionTime() / 1000.0);
        }
        text.family("process_uptime_seconds", "gauge", "Seconds since the JVM started");
        text.sample("process_uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }
}
