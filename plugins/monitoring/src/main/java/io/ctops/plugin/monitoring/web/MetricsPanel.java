package io.ctops.plugin.monitoring.web;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.shared.Registration;
import io.ctops.plugin.monitoring.MonitoringSettings;
import io.ctops.plugin.monitoring.metrics.ChartRange;
import io.ctops.plugin.monitoring.metrics.SeriesQuery;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.web.chart.TimeSeries;
import io.ctops.sdk.web.chart.TimeSeriesChart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One host's CPU, memory, disk and network charts with range buttons. Dragging across any chart
 * zooms all four into that window (loaded again at the finest resolution that fits); "Reset zoom"
 * goes back. While the range ends at now, every poll reloads the newest bucket and appends new ones (live tail).
 */
final class MetricsPanel extends VerticalLayout {

    static final int POLL_MILLIS = 10_000;

    private final PluginContext context;
    private final MonitoringSettings settings = MonitoringSettings.fromEnvironment();
    private final UUID orgId;
    private final UUID hostId;
    private final ChartLoader loader;
    private final SeriesQuery query;
    private final Map<TimeSeriesChart, List<ChartLoader.LineSpec>> charts = new LinkedHashMap<>();
    private final Span shown = new Span();
    private final Button reset = new Button("Reset zoom");
    private String preset = "1h";
    private ChartRange range;
    private boolean zoomed;
    private Registration poll;

    MetricsPanel(PluginContext context, UUID orgId, UUID hostId) {
        this.context = context;
        this.orgId = orgId;
        this.hostId = hostId;
        this.query = new SeriesQuery(context.dsl());
        this.loader = new ChartLoader(query);
        setPadding(false);
        setId("metrics-panel");
        HorizontalLayout buttons = new HorizontalLayout();
        for (String name : ChartRange.PRESETS) {
            Button button = new Button(name, e -> {
                preset = name;
                zoomed = false;
                reload();
            });
            button.setId("metrics-range-" + name);
            button.addThemeVariants(ButtonVariant.LUMO_SMALL);
            buttons.add(button);
        }
        reset.setId("metrics-reset-zoom");
        reset.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        reset.addClickListener(e -> {
            zoomed = false;
            reload();
        });
        shown.setId("metrics-shown");
        buttons.add(reset, shown);
        buttons.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(buttons);
        addChart("CPU", "%", 0.0, 100.0, List.of(line("cpu", "CPU")));
        addChart("Memory", "%", 0.0, 100.0, List.of(line("memory", "memory"), line("swap", "swap")));
        addChart("Disk", "%", 0.0, 100.0, diskLines());
        addChart("Network", "B/s", 0.0, null, List.of(line("net.rx", "received"), line("net.tx", "sent")));
        reload();
    }

    private ChartLoader.LineSpec line(String series, String label) {
        return new ChartLoader.LineSpec(hostId, series, label);
    }

    private List<ChartLoader.LineSpec> diskLines() {
        List<ChartLoader.LineSpec> lines = new ArrayList<>(List.of(line("disk", "root")));
        for (String series : query.seriesOf(orgId, hostId, context.clock().instant().minus(java.time.Duration.ofDays(2)))) {
            if (series.startsWith("disk:") && !series.equals("disk:/")) {
                lines.add(line(series, series.substring(5)));
            }
        }
        return lines;
    }

    private void addChart(String title, String unit, Double min, Double max, List<ChartLoader.LineSpec> lines) {
        TimeSeriesChart chart = new TimeSeriesChart(title, unit);
        chart.setId("metrics-chart-" + title.toLowerCase(java.util.Locale.ROOT));
        chart.setYRange(min, max);
        chart.addZoomListener(e -> zoom(e.from(), e.to()));
        charts.put(chart, lines);
        add(chart);
    }

    private void zoom(Instant from, Instant to) {
        Instant now = context.clock().instant();
        if (!to.isAfter(from)) {
            return;
        }
        zoomed = true;
        show(ChartRange.of(from, to.isAfter(now) ? now : to, now, settings));
    }

    private void reload() {
        Instant now = context.clock().instant();
        show(ChartRange.of(now.minus(ChartRange.preset(preset)), now, now, settings));
    }

    private void show(ChartRange chartRange) {
        this.range = chartRange;
        charts.forEach((chart, lines) -> chart.setData(loader.load(orgId, lines, chartRange)));
        reset.setEnabled(zoomed);
        shown.setText((zoomed ? "zoomed: " : "last " + preset + ": ") + chartRange.resolution().name().toLowerCase(java.util.Locale.ROOT)
                + " buckets of " + chartRange.resolution().step().getSeconds() + " s");
    }

    /**
     * Brings the right edge up to now: the newest bucket shown is loaded again (it was still filling)
     * and the buckets begun since are appended.
     */
    private void tail() {
        if (zoomed || range == null) {
            return;
        }
        Instant now = context.clock().instant();
        long step = range.resolution().step().getSeconds();
        Instant current = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), step) * step);
        if (current.isBefore(range.lastBucket())) {
            return;
        }
        ChartRange fresh = new ChartRange(range.lastBucket(), now, range.resolution(), range.lastBucket(), current);
        Instant keepFrom = now.minus(ChartRange.preset(preset));
        charts.forEach((chart, lines) -> {
            TimeSeries added = loader.load(orgId, lines, fresh);
            for (int i = 0; i < added.times().size(); i++) {
                int index = i;
                chart.append(added.times().get(i), added.lines().stream().map(l -> l.values().get(index)).toList(), keepFrom);
            }
        });
        range = new ChartRange(range.from(), now, range.resolution(), range.firstBucket(), current);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        UI ui = attachEvent.getUI();
        ui.setPollInterval(POLL_MILLIS);
        poll = ui.addPollListener(e -> tail());
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (poll != null) {
            poll.remove();
            poll = null;
        }
        detachEvent.getUI().setPollInterval(-1);
        super.onDetach(detachEvent);
    }
}
