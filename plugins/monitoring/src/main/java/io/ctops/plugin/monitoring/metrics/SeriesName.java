package io.ctops.plugin.monitoring.metrics;

import io.ctops.sdk.access.Refused;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A series a host has: a host-level one ({@code cpu}, {@code memory}, {@code swap}, {@code disk},
 * {@code load1}, {@code load5}, {@code load15}, {@code net.rx}, {@code net.tx}) or a per-disk or
 * per-interface one ({@code disk:/var}, {@code if.rx:eth0}, {@code if.tx:eth0}).
 */
public record SeriesName(String name) {

    public static final List<String> HOST_SERIES =
            List.of("cpu", "memory", "swap", "disk", "load1", "load5", "load15", "net.rx", "net.tx");
    private static final Pattern PER_PART = Pattern.compile("(disk|if\\.rx|if\\.tx):[^\\p{Cntrl}]{1,200}");

    /** The series, or a 400 naming what is allowed. */
    public static SeriesName parse(String text) {
        if (text != null && (HOST_SERIES.contains(text) || PER_PART.matcher(text).matches())) {
            return new SeriesName(text);
        }
        throw new Refused(Refused.Reason.INVALID, "unknown series '" + text + "': use one of " + HOST_SERIES
                + " or disk:<mount>, if.rx:<interface>, if.tx:<interface>");
    }

    public boolean hostLevel() {
        return HOST_SERIES.contains(name);
    }

    /** The mount or interface of a per-part series. */
    public String part() {
        return name.substring(name.indexOf(':') + 1);
    }

    /** The raw table and value column this series comes from. */
    String rawTable() {
        if (hostLevel()) {
            return "monitoring_sample";
        }
        return name.startsWith("disk:") ? "monitoring_disk_sample" : "monitoring_interface_sample";
    }

    String rawColumn() {
        if (hostLevel()) {
            return name.replace('.', '_');
        }
        if (name.startsWith("disk:")) {
            return "used_percent";
        }
        return name.startsWith("if.rx:") ? "rx_rate" : "tx_rate";
    }

    /** The column naming the part in the raw table (mount or iface); null for host series. */
    String rawPartColumn() {
        if (hostLevel()) {
            return null;
        }
        return name.startsWith("disk:") ? "mount" : "iface";
    }
}
