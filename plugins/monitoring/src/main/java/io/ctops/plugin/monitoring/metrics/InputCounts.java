package io.ctops.plugin.monitoring.metrics;

import java.util.Map;
import java.util.TreeMap;

/** What one batch's validation rejected or dropped, by counter name (e.g. {@code value.negative}). */
public final class InputCounts {

    private final Map<String, Long> counts = new TreeMap<>();

    void add(String name) {
        counts.merge(name, 1L, Long::sum);
    }

    public Map<String, Long> asMap() {
        return java.util.Collections.unmodifiableMap(counts);
    }
}
