package io.ctops.sdk.web.chart;

import com.vaadin.flow.component.ComponentEvent;
import java.time.Instant;

/** The user dragged across a {@link TimeSeriesChart} to zoom into {@code from}..{@code to}. */
public final class ZoomEvent extends ComponentEvent<TimeSeriesChart> {

    private final Instant from;
    private final Instant to;

    ZoomEvent(TimeSeriesChart source, Instant from, Instant to) {
        super(source, true);
        this.from = from;
        this.to = to;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }
}
