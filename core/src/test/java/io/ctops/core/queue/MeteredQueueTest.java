package io.ctops.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ctops.core.queue.wal.FsyncPolicy;
import io.ctops.core.queue.wal.WalQueue;
import io.ctops.core.queue.wal.WalSettings;
import io.ctops.proto.queue.v1.EventRaw;
import io.ctops.sdk.queue.QueueException;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import io.ctops.sdk.queue.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredQueueTest {

    private static final List<Topic<?>> EVENTS = List.of(Topics.EVENTS_RAW);

    @TempDir
    Path dir;

    @Test
    void countsWhatTheBackendAcceptedAndWhatAGroupCommitted() throws Exception {
        QueueMetrics metrics = new QueueMetrics();
        try (MeteredQueue queue = new MeteredQueue(wal(metrics), metrics)) {
            queue.publish(Topics.EVENTS_RAW, "h1", EventRaw.newBuilder().setMessage("a").build());
            queue.publish(Topics.EVENTS_RAW, "h2", EventRaw.newBuilder().setMessage("b").build());
            List<QueueRecord<?>> batch = queue.poll("g", EVENTS, 10, Duration.ZERO);
            assertEquals(Map.of(), metrics.consumedByGroup(), "polled is not consumed");
            queue.commit("g", batch);
            assertEquals(Map.of("events.raw", 2L), metrics.publishedByTopic());
            assertEquals(Map.of(new QueueMetrics.GroupTopic("g", "events.raw"), 2L), metrics.consumedByGroup());
            assertEquals(Map.of("events.raw", 0L), queue.lag("g", EVENTS));
        }
    }

    @Test
    void aRefusedPublishIsNotCounted() {
        QueueMetrics metrics = new QueueMetrics();
        MeteredQueue queue = new MeteredQueue(wal(metrics), metrics);
        queue.close();
        assertThrows(QueueException.class,
                () -> queue.publish(Topics.EVENTS_RAW, "h1", EventRaw.newBuilder().setMessage("late").build()));
        assertEquals(Map.of(), metrics.publishedByTopic());
    }

    private WalQueue wal(QueueMetrics metrics) {
        return new WalQueue(dir, WalSettings.defaults().withFsync(FsyncPolicy.NEVER), metrics, Clock.systemUTC());
    }
}
