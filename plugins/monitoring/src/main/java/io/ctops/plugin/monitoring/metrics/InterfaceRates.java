package io.ctops.plugin.monitoring.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the agents' interface byte counters into bytes/s, from the previous sample of the same host
 * and interface that this consumer saw. There is no rate for the first sample after a start, after a
 * counter went backwards (reboot, wrap) or for a sample older than the last one (a redelivery).
 * The host's {@code net.rx}/{@code net.tx} are the sums over its interfaces except loopback.
 *
 * <p>{@link #plan} does not change what it remembers; {@link #commit} does, once the batch is stored,
 * so a batch that failed and comes again gets the same rates.
 */
public final class InterfaceRates {

    private static final String LOOPBACK = "lo";

    private record Last(Instant at, long rx, long tx) {
    }

    private final Map<String, Last> last = new HashMap<>();

    /** The samples with rates, and what to remember once they are stored. */
    public record Plan(List<MetricSample> samples, Map<String, Last> remember) {
    }

    public Plan plan(List<MetricSample> samples) {
        Map<String, Last> pending = new HashMap<>();
        List<MetricSample> out = new ArrayList<>(samples.size());
        for (MetricSample sample : samples) {
            List<MetricSample.InterfaceRow> rows = new ArrayList<>(sample.interfaces().size());
            Double rxSum = null;
            Double txSum = null;
            for (MetricSample.InterfaceRow row : sample.interfaces()) {
                String key = key(sample.hostId(), row.name());
                Last previous = pending.containsKey(key) ? pending.get(key) : last.get(key);
                Double rx = null;
                Double tx = null;
                if (previous != null && sample.at().isAfter(previous.at())) {
                    double seconds = Duration.between(previous.at(), sample.at()).toNanos() / 1e9;
                    if (row.rxBytes() >= previous.rx() && row.txBytes() >= previous.tx()) {
                        rx = (row.rxBytes() - previous.rx()) / seconds;
                        tx = (row.txBytes() - previous.tx()) / seconds;
                    }
                }
                if (previous == null || sample.at().isAfter(previous.at())) {
                    pending.put(key, new Last(sample.at(), row.rxBytes(), row.txBytes()));
                }
                rows.add(row.withRates(rx, tx));
                if (!row.name().equals(LOOPBACK) && rx != null) {
                    rxSum = (rxSum == null ? 0 : rxSum) + rx;
                    txSum = (txSum == null ? 0 : txSum) + tx;
                }
            }
            out.add(sample.withNetwork(rxSum, txSum, rows));
        }
        return new Plan(out, pending);
    }

    public void commit(Plan plan) {
        last.putAll(plan.remember());
    }

    private static String key(UUID host, String name) {
        return host + "/" + name;
    }
}
