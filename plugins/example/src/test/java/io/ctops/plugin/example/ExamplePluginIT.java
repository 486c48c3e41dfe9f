package io.ctops.plugin.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.Topics;
import io.ctops.sdk.testkit.ApiClient;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.ApiUser;
import io.ctops.sdk.testkit.HeadlessBrowser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built plugin jar, dropped into a running server on a real PostgreSQL: its migration, consumer,
 * REST resource and view all work end to end.
 */
class ExamplePluginIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars(Path.of(System.getProperty("plugin.jar")));

    /** Every API path, plugin resources included, needs an API key. */
    private static ApiClient api;
    private static ApiUser admin;

    @BeforeAll
    static void createApiKey() {
        admin = server.createAdmin();
        api = server.api(admin);
    }

    @Test
    void aPublishedEventReachesTheTableTheApiAndThePage() {
        assertTrue(server.dsl().fetchExists(DSL.selectOne().from(DSL.table(DSL.name("information_schema", "tables")))
                .where(DSL.field(DSL.name("table_name")).eq("example_event"))), "migration created example_event");

        EventRaw event = EventRaw.newBuilder().setOrgId("org-1").setHostId("web-01").setKind("disk")
                .setMessage("root filesystem 91% full").setAt(Timestamp.newBuilder().setSeconds(1_800_000_000L)).build();
        server.publish(Topics.EVENTS_RAW, "web-01", event);
        server.publish(Topics.EVENTS_RAW, "web-01", event); // redelivery of the same event must not duplicate it

        CtopsTestServer.await("the consumer stored the event", Duration.ofSeconds(20),
                () -> api.get("/api/v1/example/events").body().contains("root filesystem 91% full"));
        HttpResponse<String> events = api.get("/api/v1/example/events");
        assertEquals(200, events.statusCode());
        assertTrue(events.body().contains("\"host_id\":\"web-01\""), events.body());
        assertEquals(1, server.dsl().fetchCount(DSL.table(DSL.name("example_event"))));

        assertEquals(400, api.get("/api/v1/example/events?limit=0").statusCode());

        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            browser.signIn(server.baseUrl(), admin.email(), admin.password());
            String page = browser.openAndWaitFor(server.baseUrl() + "/example", "root filesystem 91% full",
                    Duration.ofSeconds(30));
            assertTrue(page.contains("Example events"), page);
            assertTrue(page.contains("web-01"), page);
        }
    }

    @Test
    void disablingThePluginTakesItsApiAwayAndEnablingBringsItBack() {
        server.plugins().disable("example");
        assertEquals(404, api.get("/api/v1/example/events").statusCode());
        server.plugins().enable("example");
        assertEquals(200, api.get("/api/v1/example/events").statusCode());
    }
}
