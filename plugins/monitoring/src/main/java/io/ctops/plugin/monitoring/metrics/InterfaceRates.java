package io.ctops.plugin.monitoring.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the agents' interface byte counters into bytes/s, from the previous sample of the same host
 * and interface. There is no rate for an interface's very first sample, after a counter went backwards
 * (reboot, wrap) or for a sample older than the last one (a redelivery). The host's
 * {@code net.rx}/{@code net.tx} are the sums over its interfaces except loopback.
 *
 * <p>What it remembers starts empty; {@link #unknown} names the interfaces of a batch it has never
 * looked up, and {@link #seed} fills them in from the stored counters, so that a restart of the
 * server loses no rate.
 *
 * <p>{@link #plan} does not change what it remembers; {@link #commit} does, once the batch is stored,
 * so a batch that failed and comes again gets the same rates.
 */
public final class InterfaceRates {

    private static final String LOOPBACK = "lo";

    /** The newest counters of one interface. */
    public record Last(Instant at, long rx, long tx) {
    }

    /** One host's interface. */
    public record Key(UUID hostId, String iface) {
    }

    private final Map<Key, Last> last = new HashMap<>();
    // looked up in the database and not found: a new interface, not worth a second look-up
    private final Set<Key> absent = new HashSet<>();

    /** The samples with rates, and what to remember once they are stored. */
    public record Plan(List<MetricSample> samples, Map<Key, Last> remember) {
    }

    /** The interfaces in these samples that are neither remembered nor known to have no stored counters. */
    public Set<Key> unknown(List<MetricSample> samples) {
        Set<Key> unknown = new LinkedHashSet<>();
        for (MetricSample sample : samples) {
            for (MetricSample.InterfaceRow row : sample.interfaces()) {
                Key key = new Key(sample.hostId(), row.name());
                if (!last.containsKey(key) && !absent.contains(key)) {
                    unknown.add(key);
                }
            }
        }
        return unknown;
    }

    /** Remembers the stored counters found for {@code asked}; those without any are not asked again. */
    public void seed(Set<Key> asked, Map<Key, Last> found) {
        for (Key key : asked) {
            Last stored = found.get(key);
            if (stored == null) {
                absent.add(key);
            } else {
                last.merge(key, stored, (mine, theirs) -> theirs.at().isAfter(mine.at()) ? theirs : mine);
            }
        }
    }

    public Plan plan(List<MetricSample> samples) {
        Map<Key, Last> pending = new HashMap<>();
        List<MetricSample> out = new ArrayList<>(samples.size());
        for (MetricSample sample : samples) {
            List<MetricSample.InterfaceRow> rows = new ArrayList<>(sample.interfaces().size());
            Double rxSum = null;
            Double txSum = null;
            for (MetricSample.InterfaceRow row : sample.interfaces()) {
                Key key = new Key(sample.hostId(), row.name());
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
        absent.removeAll(plan.remember().keySet());
    }
}
