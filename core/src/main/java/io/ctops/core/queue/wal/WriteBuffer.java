package io.ctops.core.queue.wal;

import java.io.IOException;

/**
 * Frames appended to the active segment but not yet written to its file, so that many records go to the
 * kernel in one write. Only the topic's append lock touches it. Records in here are neither visible to
 * consumers nor covered by an fsync: {@link TopicLog} writes them out before either may happen.
 */
final class WriteBuffer {

    static final int CAPACITY = 256 * 1024;

    private final byte[] bytes = new byte[CAPACITY];
    private int length;
    private long firstOffset = -1;
    private long lastOffset = -1;

    /** Bytes waiting. */
    int length() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** The offset of the first frame waiting; meaningless when empty. */
    long firstOffset() {
        return firstOffset;
    }

    /** The offset of the last frame waiting; meaningless when empty. */
    long lastOffset() {
        return lastOffset;
    }

    /** True when the frame fits behind what is waiting. */
    boolean fits(byte[] frame) {
        return length + frame.length <= CAPACITY;
    }

    void add(byte[] frame, long offset) {
        if (length == 0) {
            firstOffset = offset;
        }
        System.arraycopy(frame, 0, bytes, length, frame.length);
        length += frame.length;
        lastOffset = offset;
    }

    /** Writes everything waiting in one call and empties the buffer, even when the write fails. */
    void writeTo(Segment segment) throws IOException {
        int waiting = length;
        length = 0;
        segment.append(bytes, 0, waiting);
    }
}
