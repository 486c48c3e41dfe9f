package io.ctops.sdk.metrics;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.pf4j.ExtensionPoint;

/**
 * Metric families a plugin adds to the server's {@code /metrics} (Prometheus text format). Read at
 * every scrape, so {@link #collect()} must be quick; a failing source is left out of that scrape.
 */
public interface MetricsSource extends ExtensionPoint {

    /** The families at this moment. */
    List<Family> collect();

    /** Counter or gauge, as Prometheus means them. */
    enum Type { COUNTER, GAUGE }

    /**
     * One metric family.
     *
     * @param name must start with {@code ctops_}, e.g. {@code ctops_monitoring_samples_total}
     */
    record Family(String name, Type type, String help, List<Sample> samples) {

        private static final Pattern NAME = Pattern.compile("ctops_[a-z0-9_]+");

        public Family {
            requireNonNull(type, "type is null");
            requireNonNull(help, "help is null");
            samples = List.copyOf(samples);
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("metric name '" + name + "' must match " + NAME);
            }
        }
    }

    /** One labelled value of a family. */
    record Sample(Map<String, String> labels, double value) {

        public Sample {
            labels = Map.copyOf(labels);
        }
    }
}
