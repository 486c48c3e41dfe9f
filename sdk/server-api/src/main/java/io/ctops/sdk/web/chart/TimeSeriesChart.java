package io.ctops.sdk.web.chart;

import static java.util.Objects.requireNonNull;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.shared.Registration;
import elemental.json.Json;
import elemental.json.JsonArray;
import elemental.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * A time-series line chart for plugin views, drawn in the browser by uPlot and driven from Java.
 *
 * <p>Why not a web component: plugins cannot add npm modules to the server's pre-built Vaadin bundle,
 * so uPlot comes from its webjar (a dependency of this SDK, served by the server at
 * {@code /webjars/uplot/<version>/}) and is loaded on first use; nothing is fetched from elsewhere.
 *
 * <p>What the user gets: a time axis in UTC, one line per {@link TimeSeries.Line} with gaps drawn as
 * breaks, a read-out of the time and every value under the cursor, drag across the plot to zoom (a
 * {@link ZoomEvent} tells the server, which may load finer data for the window) and double-click or
 * {@link #resetZoom()} to go back. {@link #append} adds points at the right edge for a live tail.
 */
public class TimeSeriesChart extends Div {

    private static final String UPLOT_VERSION = uplotVersion();
    private static final String SCRIPT = script();
    private static final String[] COLOURS = {"#1676f3", "#e8590c", "#2b8a3e", "#ae3ec9", "#c92a2a", "#0b7285",
            "#5f3dc4", "#e67700"};

    private final String title;
    private final String unit;
    private Double yMin;
    private Double yMax;
    private TimeSeries data = TimeSeries.empty(List.of());
    private Instant windowStart;

    /**
     * @param title shown above the plot
     * @param unit put after values in the read-out and on the y axis, e.g. {@code %} or {@code B/s}; may be empty
     */
    public TimeSeriesChart(String title, String unit) {
        this.title = requireNonNull(title, "title is null");
        this.unit = requireNonNull(unit, "unit is null");
        addClassName("ctops-chart");
        setWidthFull();
        setHeight("260px");
        getElement().addEventListener("ctops-zoom", e -> fireEvent(new ZoomEvent(this,
                        Instant.ofEpochMilli((long) (e.getEventData().getNumber("event.detail.min") * 1000)),
                        Instant.ofEpochMilli((long) (e.getEventData().getNumber("event.detail.max") * 1000)))))
                .addEventData("event.detail.min").addEventData("event.detail.max");
    }

    /** Fixes the y axis, e.g. 0..100 for percentages; {@code null} for either end lets it follow the data. */
    public void setYRange(Double min, Double max) {
        this.yMin = min;
        this.yMax = max;
        render();
    }

    /** Replaces what the chart shows (and ends any zoom). */
    public void setData(TimeSeries series) {
        this.data = requireNonNull(series, "series is null");
        this.windowStart = series.times().isEmpty() ? null : series.times().get(0);
        render();
    }

    /** The data last set (without appended points). */
    public TimeSeries getData() {
        return data;
    }

    /**
     * Adds one point per line at the right edge and, to keep the window's length, drops points older
     * than {@code keepFrom} (live tail while a range ends at "now"). A point at the time of the last
     * one replaces it (a bucket that was still filling); an older one is ignored.
     *
     * @param values one per line, {@code null} for a gap
     */
    public void append(Instant at, List<Double> values, Instant keepFrom) {
        requireNonNull(at, "at is null");
        if (values.size() != data.lines().size()) {
            throw new IllegalArgumentException(values.size() + " values for " + data.lines().size() + " lines");
        }
        JsonArray ys = Json.createArray();
        for (int i = 0; i < values.size(); i++) {
            ys.set(i, number(values.get(i)));
        }
        getElement().executeJs("this.__ctopsAppend && this.__ctopsAppend($0, $1, $2)",
                seconds(at), ys, keepFrom == null ? Json.createNull() : Json.create(seconds(keepFrom)));
    }

    /** Shows the whole data again after a zoom. */
    public void resetZoom() {
        getElement().executeJs("this.__ctopsResetZoom && this.__ctopsResetZoom()");
    }

    /** Listens for drag-to-zoom selections. */
    public Registration addZoomListener(ComponentEventListener<ZoomEvent> listener) {
        return addListener(ZoomEvent.class, listener);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        render(); // a re-attached element has lost its canvas
    }

    private void render() {
        if (!isAttached()) {
            return;
        }
        JsonObject config = Json.createObject();
        config.put("title", title);
        config.put("unit", unit);
        config.put("yMin", number(yMin));
        config.put("yMax", number(yMax));
        JsonArray labels = Json.createArray();
        JsonArray colours = Json.createArray();
        for (int i = 0; i < data.lines().size(); i++) {
            labels.set(i, data.lines().get(i).label());
            colours.set(i, COLOURS[i % COLOURS.length]);
        }
        config.put("labels", labels);
        config.put("colours", colours);
        JsonArray columns = Json.createArray();
        JsonArray xs = Json.createArray();
        for (int i = 0; i < data.times().size(); i++) {
            xs.set(i, seconds(data.times().get(i)));
        }
        columns.set(0, xs);
        for (int l = 0; l < data.lines().size(); l++) {
            JsonArray ys = Json.createArray();
            List<Double> values = data.lines().get(l).values();
            for (int i = 0; i < values.size(); i++) {
                ys.set(i, number(values.get(i)));
            }
            columns.set(l + 1, ys);
        }
        getElement().executeJs(SCRIPT, uplotBase(), config, columns);
    }

    private static String uplotBase() {
        String contextPath = "";
        if (VaadinService.getCurrentRequest() != null) {
            contextPath = VaadinService.getCurrentRequest().getContextPath();
        }
        return contextPath + "/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    }

    private static double seconds(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }

    private static elemental.json.JsonValue number(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? Json.createNull() : Json.create(value);
    }

    /** The version of the uPlot webjar on the class path, from its Maven metadata. */
    private static String uplotVersion() {
        try (InputStream in = TimeSeriesChart.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot webjar (org.webjars.npm:uplot) is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String script() {
        try (InputStream in = TimeSeriesChart.class.getResourceAsStream("time-series-chart.js")) {
            if (in == null) {
                throw new IllegalStateException("time-series-chart.js is missing from the SDK jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
