package io.ctops.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryQueueTest {

    private final QueueMetrics metrics = new QueueMetrics();
    private final InMemoryQueue queue = new InMemoryQueue(metrics, Clock.systemUTC(), 5);
    private final List<Topic<?>> events = List.of(Topics.EVENTS_RAW);

    @Test
    void aBatchComesAgainUntilItIsCommitted() throws Exception {
        publish("h1", "a");
        publish("h1", "b");
        List<QueueRecord<?>> first = queue.poll("g", events, 10, Duration.ZERO);
        List<QueueRecord<?>> again = queue.poll("g", events, 10, Duration.ZERO);
        assertEquals(List.of("a", "b"), messages(first));
        assertEquals(messages(first), messages(again), "uncommitted records are delivered again");

        queue.commit("g", first);
        assertTrue(queue.poll("g", events, 10, Duration.ZERO).isEmpty());
        assertEquals(Map.of("events.raw", 0L), queue.lag("g", events));
        assertEquals(Map.of("events.raw", 2L), metrics.publishedByTopic());
    }

    @Test
    void eachGroupReadsEverythingInOrderAndBatchesAreBounded() throws Exception {
        for (String m : List.of("1", "2", "3")) {
            publish("h1", m);
        }
        List<QueueRecord<?>> firstTwo = queue.poll("a", events, 2, Duration.ZERO);
        assertEquals(List.of("1", "2"), messages(firstTwo));
        queue.commit("a", firstTwo);
        assertEquals(List.of("3"), messages(queue.poll("a", events, 2, Duration.ZERO)));
        assertEquals(List.of("1", "2", "3"), messages(queue.poll("b", events, 10, Duration.ZERO)));
        assertEquals(Map.of("events.raw", 1L), queue.lag("a", events));
    }

    @Test
    void retentionDropsTheOldestAndCountsThem() throws Exception {
        for (int i = 0; i < 7; i++) {
            publish("h1", "m" + i);
        }
        assertEquals(List.of("m2", "m3", "m4", "m5", "m6"), messages(queue.poll("late", events, 10, Duration.ZERO)));
        assertEquals(Map.of("events.raw", 2L), metrics.droppedByTopic());
    }

    @Test
    void pollWaitsForAPublish() throws Exception {
        Thread publisher = new Thread(() -> {
            sleep(100);
            publish("h2", "late");
        });
        publisher.start();
        List<QueueRecord<?>> batch = queue.poll("g", events, 10, Duration.ofSeconds(5));
        publisher.join();
        assertEquals(List.of("late"), messages(batch));
    }

    private void publish(String key, String message) {
        queue.publish(Topics.EVENTS_RAW, key, EventRaw.newBuilder().setHostId(key).setMessage(message).build());
    }

    private static List<String> messages(List<QueueRecord<?>> batch) {
        return batch.stream().map(r -> r.payloadOf(Topics.EVENTS_RAW).getMessage()).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
