package io.ctops.core.queue.wal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a record: a frame of {@code length:int, crc:int, body}, where the CRC32C covers
 * the body and the body is {@code offset:long, epochSecond:long, nano:int, topicLength:short, topic,
 * keyLength:int, key, payloadLength:int, payload} (big-endian, strings in UTF-8).
 */
final class RecordCodec {

    static final int HEADER_BYTES = 8;
    /** Bodies hold at least offset, time and the three lengths. */
    static final int MIN_BODY_BYTES = 8 + 8 + 4 + 2 + 4 + 4;
    /**
     * Refused on publish and treated as damage when reading, so a flipped bit in a length field can never
     * make a reader allocate gigabytes.
     */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int OFFSET_AT = HEADER_BYTES;
    private static final int SECONDS_AT = OFFSET_AT + 8;
    private static final int NANOS_AT = SECONDS_AT + 8;

    private RecordCodec() {
    }

    /**
     * A frame with everything but offset, time and CRC, which {@link #seal} fills in once the log has
     * assigned them; building it before taking the log's lock keeps the lock short. The message is
     * serialised straight into the frame.
     */
    static byte[] unsealedFrame(byte[] topic, String key, Message message) {
        byte[] keyBytes = key.getBytes(UTF_8);
        if (topic.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic name too long");
        }
        int payloadLength = message.getSerializedSize();
        long bodyBytes = (long) MIN_BODY_BYTES + topic.length + keyBytes.length + payloadLength;
        if (bodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("record of " + bodyBytes + " bytes on " + new String(topic, UTF_8)
                    + " exceeds the limit of " + MAX_BODY_BYTES + " bytes");
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + (int) bodyBytes);
        frame.putInt((int) bodyBytes).putInt(0).putLong(0).putLong(0).putInt(0)
                .putShort((short) topic.length).put(topic)
                .putInt(keyBytes.length).put(keyBytes)
                .putInt(payloadLength);
        CodedOutputStream out = CodedOutputStream.newInstance(frame.array(), frame.position(), payloadLength);
        try {
            message.writeTo(out);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise the message: " + e.getMessage(), e);
        }
        return frame.array();
    }

    /** Writes offset and time into an unsealed frame and computes its CRC. */
    static void seal(byte[] frame, long offset, Instant publishedAt) {
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        buffer.putLong(OFFSET_AT, offset).putLong(SECONDS_AT, publishedAt.getEpochSecond()).putInt(NANOS_AT, publishedAt.getNano());
        buffer.putInt(4, crc(frame, HEADER_BYTES, frame.length - HEADER_BYTES));
    }

    static int crc(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
    }

    /**
     * Decodes a body whose CRC matched, if it belongs to {@code topic} (given as its UTF-8 bytes and its
     * name, so the name is not decoded again for every record). Throws {@link IllegalArgumentException}
     * when its fields do not add up, which a matching CRC makes all but impossible, or when it names
     * another topic; callers treat both as damage.
     */
    static WalRecord decode(byte[] bytes, int from, int length, byte[] topicBytes, String topic) {
        ByteBuffer body = ByteBuffer.wrap(bytes, from, length);
        try {
            long offset = body.getLong();
            Instant publishedAt = Instant.ofEpochSecond(body.getLong(), body.getInt());
            int topicLength = body.getShort();
            int topicAt = body.position();
            if (!Arrays.equals(bytes, topicAt, topicAt + topicLength, topicBytes, 0, topicBytes.length)) {
                throw new IllegalArgumentException("a record of another topic");
            }
            body.position(topicAt + topicLength);
            String key = string(body, body.getInt());
            int payloadLength = body.getInt();
            if (payloadLength != body.remaining()) {
                throw new IllegalArgumentException("payload length " + payloadLength + " does not match the body");
            }
            byte[] payload = new byte[payloadLength];
            body.get(payload);
            return new WalRecord(offset, publishedAt, topic, key, payload);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | DateTimeException e) {
            throw new IllegalArgumentException("malformed record body", e);
        }
    }

    private static String string(ByteBuffer body, int length) {
        if (length < 0 || length > body.remaining()) {
            throw new IllegalArgumentException("string length " + length + " does not fit the body");
        }
        byte[] bytes = new byte[length];
        body.get(bytes);
        return new String(bytes, UTF_8);
    }
}
