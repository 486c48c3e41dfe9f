package io.ctops.plugin.example;

import io.ctops.sdk.PluginContext;
import io.ctops.sdk.rest.RestResource;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.pf4j.Extension;

/** {@code GET /api/v1/example/events?limit=N}: the newest stored events. */
@Extension
@Produces(MediaType.APPLICATION_JSON)
public class ExampleResource implements RestResource {

    static final int MAX_LIMIT = 1000;

    private final ExampleEvents events;

    public ExampleResource(PluginContext context) {
        this.events = new ExampleEvents(context.dsl());
    }

    @GET
    @Path("events")
    public List<ExampleEvent> events(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        return events.latest(limit);
    }
}
