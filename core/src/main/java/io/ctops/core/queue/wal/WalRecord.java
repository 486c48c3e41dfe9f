package io.ctops.core.queue.wal;

import java.time.Instant;

/**
 * One record as stored, before its payload is parsed into the topic's message type. The payload array
 * is shared, not copied, so equality is by reference; nothing compares these.
 *
 * @param offset its position in the topic
 * @param publishedAt when the log accepted it
 * @param topic the topic name
 * @param key the ordering key
 * @param payload the message as {@code toByteArray()} wrote it
 */
record WalRecord(long offset, Instant publishedAt, String topic, String key, byte[] payload) {
}
