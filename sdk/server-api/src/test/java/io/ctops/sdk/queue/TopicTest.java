package io.ctops.sdk.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.SdkVersion;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void acceptsDottedLowerCaseNames() {
        assertEquals("metrics.raw", Topics.METRICS_RAW.name());
        assertEquals("plugin.example-events", Topic.of("plugin.example-events", EventRaw.parser()).name());
    }

    @Test
    void rejectsNamesThatAreNotDottedWords() {
        for (String bad : new String[] {"", "Metrics", "metrics..raw", ".raw", "metrics raw", "a/b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Topic.of(bad, EventRaw.parser()));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void parsesItsPayloadType() throws Exception {
        EventRaw event = EventRaw.newBuilder().setHostId("h1").setMessage("disk full").build();
        assertEquals(event, Topics.EVENTS_RAW.parse(event.toByteArray()));
    }

    @Test
    void recordRefusesToCastToAnotherTopic() {
        QueueRecord<EventRaw> record = new QueueRecord<>(Topics.EVENTS_RAW, "h1", EventRaw.getDefaultInstance(), 0,
                java.time.Instant.EPOCH);
        assertEquals(EventRaw.getDefaultInstance(), record.payloadOf(Topics.EVENTS_RAW));
        assertThrows(IllegalArgumentException.class, () -> record.payloadOf(Topics.METRICS_RAW));
    }

    @Test
    void sdkVersionIsFilteredFromTheBuild() {
        assertTrue(SdkVersion.current().matches("\\d+\\.\\d+\\.\\d+"), SdkVersion.current());
    }
}
