package io.ctops.plugin.monitoring.rest;

import io.ctops.plugin.monitoring.MonitoringSettings;
import io.ctops.plugin.monitoring.checks.Check;
import io.ctops.plugin.monitoring.checks.CheckResult;
import io.ctops.plugin.monitoring.checks.CheckSpec;
import io.ctops.plugin.monitoring.checks.CheckValidator;
import io.ctops.plugin.monitoring.checks.MonitoringChecks;
import io.ctops.plugin.monitoring.metrics.ChartRange;
import io.ctops.plugin.monitoring.metrics.MonitoringMetricsSource;
import io.ctops.plugin.monitoring.metrics.SeriesName;
import io.ctops.plugin.monitoring.metrics.SeriesPoint;
import io.ctops.plugin.monitoring.metrics.SeriesQuery;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.access.Caller;
import io.ctops.sdk.access.Refused;
import io.ctops.sdk.rest.RestResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.pf4j.Extension;

/**
 * {@code /api/v1/monitoring}: series, checks and results of the caller's organisation. Reads need
 * {@code read_only}, changes to checks {@code engineer}; a host or check of another organisation is 404.
 * Errors are {@link Refused}, which the server answers like its own.
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
public class MonitoringResource implements RestResource {

    static final int MAX_RESULTS = 1000;

    private final PluginContext context;
    private final MonitoringSettings settings;
    private final SeriesQuery series;
    private final MonitoringChecks checks;

    public MonitoringResource(PluginContext context) {
        this.context = context;
        this.settings = MonitoringSettings.fromEnvironment();
        this.series = new SeriesQuery(context.dsl());
        this.checks = new MonitoringChecks(context.dsl());
    }

    /** The answer to a series query. */
    public record SeriesResponse(UUID hostId, String resolution, long stepSeconds, Instant from, Instant to,
                                 List<Line> series) {
    }

    /** One series' buckets. */
    public record Line(String name, List<SeriesPoint> points) {
    }

    @GET
    @Path("hosts/{hostId}/series")
    public SeriesResponse series(@PathParam("hostId") String hostId, @QueryParam("series") List<String> names,
                                 @QueryParam("range") String range, @QueryParam("from") String from,
                                 @QueryParam("to") String to) {
        Caller caller = caller("read_only");
        UUID host = host(caller, hostId);
        if (names == null || names.isEmpty()) {
            throw new Refused(Refused.Reason.INVALID, "name at least one series=, e.g. series=cpu");
        }
        List<SeriesName> parsed = names.stream().map(SeriesName::parse).toList();
        ChartRange chart = range(range, from, to);
        List<Line> lines = new ArrayList<>();
        for (SeriesName name : parsed) {
            lines.add(new Line(name.name(), series.points(caller.orgId(), host, name, chart)));
        }
        return new SeriesResponse(host, chart.resolution().name().toLowerCase(java.util.Locale.ROOT),
                chart.resolution().step().getSeconds(), chart.from(), chart.to(), lines);
    }

    @GET
    @Path("hosts/{hostId}/series-names")
    public List<String> seriesNames(@PathParam("hostId") String hostId) {
        Caller caller = caller("read_only");
        return series.seriesOf(caller.orgId(), host(caller, hostId), context.clock().instant().minus(Duration.ofDays(2)));
    }

    @GET
    @Path("hosts/{hostId}/checks")
    public List<Check> checks(@PathParam("hostId") String hostId) {
        Caller caller = caller("read_only");
        return checks.list(caller.orgId(), host(caller, hostId));
    }

    @POST
    @Path("hosts/{hostId}/checks")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("hostId") String hostId, CheckSpec spec) {
        Caller caller = caller("engineer");
        UUID host = host(caller, hostId);
        Check created = checks.create(caller.orgId(), host, CheckValidator.validate(spec));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Path("checks/{checkId}")
    public Check check(@PathParam("checkId") String checkId) {
        Caller caller = caller("read_only");
        UUID id = id(checkId, "check");
        return checks.get(caller.orgId(), id).orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND,
                "no check " + checkId + " in your organisation"));
    }

    @PUT
    @Path("checks/{checkId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Check update(@PathParam("checkId") String checkId, CheckSpec spec) {
        Caller caller = caller("engineer");
        UUID id = id(checkId, "check");
        check(checkId); // 404 before 400 for a check of another organisation
        return checks.update(caller.orgId(), id, CheckValidator.validate(spec));
    }

    @DELETE
    @Path("checks/{checkId}")
    public Response delete(@PathParam("checkId") String checkId) {
        Caller caller = caller("engineer");
        checks.delete(caller.orgId(), id(checkId, "check"));
        return Response.noContent().build();
    }

    @GET
    @Path("checks/{checkId}/results")
    public List<CheckResult> results(@PathParam("checkId") String checkId, @QueryParam("limit") @DefaultValue("100") int limit) {
        Caller caller = caller("read_only");
        if (limit < 1 || limit > MAX_RESULTS) {
            throw new Refused(Refused.Reason.INVALID, "limit must be from 1 to " + MAX_RESULTS);
        }
        return checks.results(caller.orgId(), id(checkId, "check"), limit);
    }

    /** The consumer's input counters (the same numbers as on /metrics). */
    @GET
    @Path("status")
    public Map<String, Long> status() {
        caller("read_only");
        return MonitoringMetricsSource.counters(context);
    }

    private ChartRange range(String range, String from, String to) {
        Instant now = context.clock().instant();
        if (range != null && !range.isBlank()) {
            if (from != null || to != null) {
                throw new Refused(Refused.Reason.INVALID, "give either range= or from= and to=, not both");
            }
            return ChartRange.of(now.minus(ChartRange.preset(range)), now, now, settings);
        }
        return ChartRange.of(instant(from, "from"), to == null ? now : instant(to, "to"), now, settings);
    }

    private Caller caller(String role) {
        Caller caller = context.caller().orElseThrow(() -> new Refused(Refused.Reason.UNAUTHENTICATED, "not authenticated"));
        caller.require(role);
        return caller;
    }

    private UUID host(Caller caller, String hostId) {
        UUID id = id(hostId, "host");
        return context.hosts().find(caller.orgId(), id).orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND,
                "no host " + hostId + " in your organisation")).id();
    }

    private static UUID id(String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Reason.NOT_FOUND, "no " + what + " " + text + " in your organisation");
        }
    }

    private static Instant instant(String text, String parameter) {
        if (text == null || text.isBlank()) {
            throw new Refused(Refused.Reason.INVALID, parameter + "= is missing (ISO-8601, e.g. 2030-01-01T00:00:00Z)");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Refused(Refused.Reason.INVALID, parameter + "= is not an ISO-8601 time: " + text);
        }
    }
}
