package io.ctops.plugin.monitoring.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One heartbeat's vitals after validation: a dropped value is {@code null}. Network rates are
 * {@code null} until {@link InterfaceRates} filled them in.
 */
public record MetricSample(UUID orgId, UUID hostId, Instant at, Double cpu, Double memory, Double swap, Double disk,
                           Double load1, Double load5, Double load15, Double netRx, Double netTx,
                           List<DiskRow> disks, List<InterfaceRow> interfaces) {

    public MetricSample {
        disks = List.copyOf(disks);
        interfaces = List.copyOf(interfaces);
    }

    /** One mounted file system. */
    public record DiskRow(String mount, Double usedPercent, long usedBytes, long totalBytes) {
    }

    /** One network interface's counters and the rates derived from the previous sample. */
    public record InterfaceRow(String name, long rxBytes, long txBytes, long rxErrors, long txErrors,
                               Double rxRate, Double txRate) {

        InterfaceRow withRates(Double rx, Double tx) {
            return new InterfaceRow(name, rxBytes, txBytes, rxErrors, txErrors, rx, tx);
        }
    }

    MetricSample withNetwork(Double rx, Double tx, List<InterfaceRow> rows) {
        return new MetricSample(orgId, hostId, at, cpu, memory, swap, disk, load1, load5, load15, rx, tx, disks, rows);
    }

    /** The host-level series with a value, by series name (what alert rules watch). */
    public Map<String, Double> hostSeries() {
        Map<String, Double> values = new LinkedHashMap<>();
        put(values, "cpu", cpu);
        put(values, "memory", memory);
        put(values, "swap", swap);
        put(values, "disk", disk);
        put(values, "load1", load1);
        put(values, "load5", load5);
        put(values, "load15", load15);
        put(values, "net.rx", netRx);
        put(values, "net.tx", netTx);
        return values;
    }

    private static void put(Map<String, Double> values, String name, Double value) {
        if (value != null) {
            values.put(name, value);
        }
    }
}
