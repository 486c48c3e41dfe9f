package io.ctops.plugin.queuekafka;

/**
 * Kafka numbers records per partition; the SDK promises an offset unique per topic, which handlers use
 * to write idempotently (e.g. {@code events.raw#<offset>}). The partition therefore rides in the top
 * bits of the offset a consumer sees: 2^21 partitions, 2^42 records per partition.
 */
final class KafkaOffsets {

    private static final int PARTITION_SHIFT = 42;
    private static final long POSITION_MASK = (1L << PARTITION_SHIFT) - 1;

    private KafkaOffsets() {
    }

    static long encode(int partition, long position) {
        if (partition < 0 || partition >= (1 << (63 - PARTITION_SHIFT)) || position < 0 || position > POSITION_MASK) {
            throw new IllegalArgumentException("partition " + partition + " offset " + position + " does not fit a queue offset");
        }
        return ((long) partition << PARTITION_SHIFT) | position;
    }

    static int partition(long offset) {
        return (int) (offset >>> PARTITION_SHIFT);
    }

    static long position(long offset) {
        return offset & POSITION_MASK;
    }
}
