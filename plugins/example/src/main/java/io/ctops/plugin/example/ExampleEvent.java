package io.ctops.plugin.example;

import java.time.Instant;

/** One stored event, as the REST API and the view show it. */
public record ExampleEvent(String hostId, String kind, String message, Instant occurredAt) {
}
