package io.ctops.plugin.example;

import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.queue.QueueConsumer;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/** Keeps every event from events.raw in example_event, one insert per organisation per batch. */
@Extension
public class ExampleEventConsumer implements QueueConsumer {

    private final ExampleEvents events;

    public ExampleEventConsumer(PluginContext context) {
        this.events = new ExampleEvents(context.dsl());
    }

    @Override
    public String group() {
        return "example.events";
    }

    @Override
    public List<Topic<?>> topics() {
        return List.of(Topics.EVENTS_RAW);
    }

    @Override
    public void handle(List<QueueRecord<?>> batch) {
        Map<String, List<ExampleEvent>> byOrg = new LinkedHashMap<>();
        for (QueueRecord<?> record : batch) {
            EventRaw event = record.payloadOf(Topics.EVENTS_RAW);
            Instant at = event.hasAt()
                    ? Instant.ofEpochSecond(event.getAt().getSeconds(), event.getAt().getNanos())
                    : record.publishedAt();
            byOrg.computeIfAbsent(event.getOrgId(), org -> new ArrayList<>())
                    .add(new ExampleEvent(event.getHostId(), event.getKind(), event.getMessage(), at));
        }
        byOrg.forEach(events::insert);
    }
}
