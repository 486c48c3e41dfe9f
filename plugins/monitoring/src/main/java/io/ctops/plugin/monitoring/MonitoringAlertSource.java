package io.ctops.plugin.monitoring;

import io.ctops.sdk.alert.AlertSource;
import java.util.List;
import org.pf4j.Extension;

/** The signals this plugin publishes on alerts.signals (README, "Alert signals"). */
@Extension
public class MonitoringAlertSource implements AlertSource {

    @Override
    public List<Signal> signals() {
        return List.of(
                new Signal("cpu", Kind.METRIC, "%", "CPU busy, latest sample of the host"),
                new Signal("memory", Kind.METRIC, "%", "memory in use"),
                new Signal("swap", Kind.METRIC, "%", "swap in use"),
                new Signal("disk", Kind.METRIC, "%", "root file system used"),
                new Signal("load1", Kind.METRIC, "", "1-minute load average"),
                new Signal("load5", Kind.METRIC, "", "5-minute load average"),
                new Signal("load15", Kind.METRIC, "", "15-minute load average"),
                new Signal("net.rx", Kind.METRIC, "B/s", "bytes received per second, all interfaces but loopback"),
                new Signal("net.tx", Kind.METRIC, "B/s", "bytes sent per second, all interfaces but loopback"),
                new Signal("check.status", Kind.STATUS_CHANGE, "OK|WARNING|CRITICAL|UNKNOWN",
                        "a health check's state changed (subject: the check)"));
    }
}
