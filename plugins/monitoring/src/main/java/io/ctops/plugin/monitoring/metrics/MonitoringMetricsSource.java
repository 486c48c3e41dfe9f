package io.ctops.plugin.monitoring.metrics;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.ctops.sdk.PluginContext;
import io.ctops.sdk.metrics.MetricsSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.Extension;

/**
 * The consumer's input counters on the server's {@code /metrics}. They live in
 * {@code monitoring_input_counter}, written in the same statement as the samples, so they survive
 * restarts and add up across consumer instances.
 */
@Extension
public class MonitoringMetricsSource implements MetricsSource {

    private final PluginContext context;

    public MonitoringMetricsSource(PluginContext context) {
        this.context = context;
    }

    /** Counter name (e.g. {@code sample.accepted}, {@code value.negative}) to total. */
    public static Map<String, Long> counters(PluginContext context) {
        Map<String, Long> totals = new TreeMap<>();
        context.dsl().select(field(name("name"), String.class), field(name("total"), Long.class))
                .from(table(name("monitoring_input_counter")))
                .forEach(r -> totals.put(r.value1(), r.value2()));
        return totals;
    }

    @Override
    public List<Family> collect() {
        List<Sample> samples = new ArrayList<>();
        List<Sample> values = new ArrayList<>();
        List<Sample> parts = new ArrayList<>();
        counters(context).forEach((counter, total) -> {
            String kind = counter.substring(0, counter.indexOf('.'));
            String reason = counter.substring(counter.indexOf('.') + 1);
            switch (kind) {
                case "sample" -> samples.add(new Sample(Map.of("outcome", reason), total));
                case "value" -> values.add(new Sample(Map.of("reason", reason), total));
                default -> parts.add(new Sample(Map.of("part", kind, "reason", reason), total));
            }
        });
        return List.of(
                new Family("ctops_monitoring_samples_total", Type.COUNTER,
                        "metrics.raw samples by outcome: accepted, duplicate, too_old, future, malformed", samples),
                new Family("ctops_monitoring_values_dropped_total", Type.COUNTER,
                        "single values dropped from accepted samples: not_a_number, negative, over_100", values),
                new Family("ctops_monitoring_parts_dropped_total", Type.COUNTER,
                        "disks and interfaces left out of accepted samples", parts));
    }
}
