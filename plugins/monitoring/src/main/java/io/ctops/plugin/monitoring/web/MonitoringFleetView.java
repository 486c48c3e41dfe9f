package io.ctops.plugin.monitoring.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import io.ctops.plugin.monitoring.MonitoringSettings;
import io.ctops.plugin.monitoring.metrics.ChartRange;
import io.ctops.plugin.monitoring.metrics.SeriesName;
import io.ctops.plugin.monitoring.metrics.SeriesQuery;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.access.Caller;
import io.ctops.sdk.fleet.HostRef;
import io.ctops.sdk.web.chart.TimeSeriesChart;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Compares one series across two or more hosts of the organisation on one chart. */
public class MonitoringFleetView extends VerticalLayout {

    static final int MAX_HOSTS = 8;

    private final PluginContext context;
    private final Caller caller;
    private final MonitoringSettings settings = MonitoringSettings.fromEnvironment();
    private final ChartLoader loader;
    private final MultiSelectComboBox<HostRef> hosts = new MultiSelectComboBox<>("Hosts");
    private final Select<String> series = new Select<>();
    private final TimeSeriesChart chart = new TimeSeriesChart("Hosts compared", "");
    private String preset = "24h";

    public MonitoringFleetView(PluginContext context) {
        this.context = context;
        this.caller = context.caller().orElseThrow(() -> new IllegalStateException("no signed-in user"));
        this.loader = new ChartLoader(new SeriesQuery(context.dsl()));
        add(new H2("Fleet metrics"));
        hosts.setId("fleet-hosts");
        hosts.setItemLabelGenerator(HostRef::hostname);
        hosts.setItems(query -> context.hosts().search(caller.orgId(), query.getFilter().orElse(""),
                query.getOffset() + query.getLimit()).stream().skip(query.getOffset()));
        hosts.setWidth("420px");
        series.setLabel("Series");
        series.setId("fleet-series");
        series.setItems(SeriesName.HOST_SERIES);
        series.setValue("cpu");
        HorizontalLayout controls = new HorizontalLayout(hosts, series);
        for (String name : ChartRange.PRESETS) {
            Button button = new Button(name, e -> {
                preset = name;
                reload();
            });
            button.setId("fleet-range-" + name);
            controls.add(button);
        }
        controls.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        hosts.addValueChangeListener(e -> reload());
        series.addValueChangeListener(e -> reload());
        chart.setId("fleet-chart");
        chart.addZoomListener(e -> show(ChartRange.of(e.from(), e.to(), context.clock().instant(), settings)));
        add(controls, chart);
        setSizeFull();
        reload();
    }

    private void reload() {
        Instant now = context.clock().instant();
        show(ChartRange.of(now.minus(ChartRange.preset(preset)), now, now, settings));
    }

    private void show(ChartRange range) {
        List<ChartLoader.LineSpec> lines = hosts.getValue().stream().sorted(Comparator.comparing(HostRef::hostname))
                .limit(MAX_HOSTS).map(h -> new ChartLoader.LineSpec(h.id(), series.getValue(), h.hostname())).toList();
        chart.setData(loader.load(caller.orgId(), lines, range));
    }
}
