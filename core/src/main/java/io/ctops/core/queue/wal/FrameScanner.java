package io.ctops.core.queue.wal;

import static io.ctops.core.queue.wal.RecordCodec.HEADER_BYTES;
import static io.ctops.core.queue.wal.RecordCodec.MAX_BODY_BYTES;
import static io.ctops.core.queue.wal.RecordCodec.MIN_BODY_BYTES;

import java.io.IOException;

/**
 * Walks the frames of one segment from a position up to a limit. Each step is a frame that checks out
 * (length in range, CRC match, well-formed body, this topic, offset above the previous one) or a span of
 * damage; after damage it resynchronises on the next frame that checks out, so one bad record never hides
 * the records after it.
 */
final class FrameScanner {

    /** One step of the walk. */
    sealed interface Step permits Frame, Damage {
    }

    /** A valid frame of {@code size} bytes at {@code position}. */
    record Frame(long position, int size, WalRecord record) implements Step {
        long end() {
            return position + size;
        }
    }

    /**
     * Bytes {@code [from, to)} that hold no valid frame; {@code to} is the limit when nothing valid followed.
     * {@code lostRecords} estimates the records they held from the offsets around them (at least one).
     */
    record Damage(long from, long to, long lostRecords) implements Step {
    }

    private static final int WINDOW_BYTES = 64 * 1024;

    private final Segment segment;
    private final String topic;
    private final byte[] topicBytes;
    private final long limit;
    private long position;
    private long lastOffset;
    private byte[] window;
    private long windowStart;
    private int windowLength;

    /**
     * @param lastOffset a lower bound for the offsets ahead: frames at or below it are not accepted
     */
    FrameScanner(Segment segment, String topic, long position, long limit, long lastOffset) {
        this.segment = segment;
        this.topic = topic;
        this.topicBytes = topic.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // no bigger than what there is to read: a poll that finds a few new records allocates little
        this.window = new byte[(int) Math.max(1024, Math.min(WINDOW_BYTES, limit - position))];
        this.position = position;
        this.limit = limit;
        this.lastOffset = lastOffset;
    }

    /** The next frame or damaged span, or null at the limit. */
    Step next() throws IOException {
        if (position >= limit) {
            return null;
        }
        Frame frame = frameAt(position);
        if (frame != null) {
            position = frame.end();
            lastOffset = frame.record().offset();
            return frame;
        }
        long from = position;
        Frame resumed = resync(from);
        long lost = resumed == null ? 1 : Math.max(1, resumed.record().offset() - lastOffset - 1);
        position = resumed == null ? limit : resumed.position();
        return new Damage(from, position, lost);
    }

    /** Where the next step starts. */
    long position() {
        return position;
    }

    /** The offset of the last valid frame seen, or the initial lower bound. */
    long lastOffset() {
        return lastOffset;
    }

    private Frame resync(long from) throws IOException {
        // Usually a payload byte flipped and the length is intact: the next frame starts right after.
        if (limit - from >= HEADER_BYTES) {
            int length = intAt(from);
            if (length >= MIN_BODY_BYTES && length <= MAX_BODY_BYTES && from + HEADER_BYTES + length <= limit) {
                Frame next = frameAt(from + HEADER_BYTES + length);
                if (next != null) {
                    return next;
                }
            }
        }
        // The length itself is damaged (or garbage was appended): try every position until a frame checks out.
        for (long candidate = from + 1; candidate + HEADER_BYTES + MIN_BODY_BYTES <= limit; candidate++) {
            Frame next = frameAt(candidate);
            if (next != null) {
                return next;
            }
        }
        return null;
    }

    private Frame frameAt(long at) throws IOException {
        if (limit - at < HEADER_BYTES + MIN_BODY_BYTES) {
            return null;
        }
        int length = intAt(at);
        if (length < MIN_BODY_BYTES || length > MAX_BODY_BYTES || at + HEADER_BYTES + length > limit) {
            return null;
        }
        int base = load(at, HEADER_BYTES + length);
        if (RecordCodec.crc(window, base + HEADER_BYTES, length) != RecordCodec.readInt(window, base + 4)) {
            return null;
        }
        WalRecord record;
        try {
            record = RecordCodec.decode(window, base + HEADER_BYTES, length, topicBytes, topic);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (record.offset() <= lastOffset) {
            return null;
        }
        return new Frame(at, HEADER_BYTES + length, record);
    }

    private int intAt(long at) throws IOException {
        return RecordCodec.readInt(window, load(at, 4));
    }

    /** Makes bytes {@code [at, at + length)} (all below the limit) available in the window; returns their index. */
    private int load(long at, int length) throws IOException {
        if (at >= windowStart && at + length <= windowStart + windowLength) {
            return (int) (at - windowStart);
        }
        if (length > window.length) {
            window = new byte[length];
        }
        int bytes = (int) Math.min(window.length, limit - at);
        segment.read(at, window, 0, bytes);
        windowStart = at;
        windowLength = bytes;
        return 0;
    }
}
