package io.ctops.sdk.alert;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Describes the signals a plugin publishes for alert rules to watch, so that an alerting plugin can
 * offer them in its rule editor without knowing the publishing plugin. The values themselves travel
 * on the queue topic {@link AlertSignals#TOPIC} ({@code alerts.signals}), published by the plugin with
 * {@link AlertSignals#metrics} and {@link AlertSignals#statusChange}.
 *
 * <p>Delivery is at-least-once, like every topic: a rule must tolerate seeing a value or a change twice.
 */
public interface AlertSource extends ExtensionPoint {

    /** The signals this plugin publishes. */
    List<Signal> signals();

    /** What a signal is. */
    enum Kind {
        /** a number per host and series, e.g. CPU %; carried in {@code AlertSignal.metrics} */
        METRIC,
        /** a change of a subject's state, e.g. a check going from OK to CRITICAL; carried in {@code AlertSignal.status_change} */
        STATUS_CHANGE
    }

    /**
     * One signal.
     *
     * @param name the series name (METRIC, e.g. {@code cpu}) or the status signal (STATUS_CHANGE, e.g. {@code check.status})
     * @param kind how it is carried
     * @param unit the unit of a METRIC ({@code %}, {@code bytes/s}, ...); the states of a STATUS_CHANGE, e.g. {@code OK|WARNING|CRITICAL|UNKNOWN}
     * @param description one sentence for the rule editor
     */
    record Signal(String name, Kind kind, String unit, String description) {

        public Signal {
            java.util.Objects.requireNonNull(name, "name is null");
            java.util.Objects.requireNonNull(kind, "kind is null");
            java.util.Objects.requireNonNull(unit, "unit is null");
            java.util.Objects.requireNonNull(description, "description is null");
        }
    }
}
