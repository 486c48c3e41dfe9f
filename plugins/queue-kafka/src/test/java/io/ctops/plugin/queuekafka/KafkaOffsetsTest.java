package io.ctops.plugin.queuekafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KafkaOffsetsTest {

    @Test
    void partitionAndPositionSurviveTheRoundTripAndDifferAcrossPartitions() {
        long offset = KafkaOffsets.encode(5, 123_456_789L);
        assertEquals(5, KafkaOffsets.partition(offset));
        assertEquals(123_456_789L, KafkaOffsets.position(offset));
        assertEquals(0L, KafkaOffsets.encode(0, 0));
        assertNotEquals(KafkaOffsets.encode(0, 7), KafkaOffsets.encode(1, 7), "unique per topic, not per partition");
        long largest = KafkaOffsets.encode((1 << 21) - 1, (1L << 42) - 1);
        assertEquals((1 << 21) - 1, KafkaOffsets.partition(largest));
        assertEquals((1L << 42) - 1, KafkaOffsets.position(largest));
    }

    @Test
    void whatDoesNotFitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> KafkaOffsets.encode(1 << 21, 0));
        assertThrows(IllegalArgumentException.class, () -> KafkaOffsets.encode(0, 1L << 42));
        assertThrows(IllegalArgumentException.class, () -> KafkaOffsets.encode(-1, 0));
    }
}
