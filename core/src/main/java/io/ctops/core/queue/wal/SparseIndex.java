package io.ctops.core.queue.wal;

import java.util.Arrays;

/**
 * Every {@value #SPACING} bytes or so of a segment, the offset and position of a frame, so that a read
 * starting at an offset scans at most that much instead of the whole segment. Holding every frame would
 * cost tens of megabytes per topic; this costs about 16 KiB per 64 MiB segment.
 */
final class SparseIndex {

    static final long SPACING = 64 * 1024;

    /** A frame's offset and where it starts. */
    record Entry(long offset, long position) {
    }

    private long[] offsets = new long[32];
    private long[] positions = new long[32];
    private int size;

    /** Notes a frame, if it is far enough from the last noted one; frames must come in order. */
    synchronized void add(long offset, long position) {
        if (size > 0 && (position - positions[size - 1] < SPACING || offset <= offsets[size - 1])) {
            return;
        }
        if (size == offsets.length) {
            offsets = Arrays.copyOf(offsets, size * 2);
            positions = Arrays.copyOf(positions, size * 2);
        }
        offsets[size] = offset;
        positions[size] = position;
        size++;
    }

    /** The last noted frame at or before the offset, or null when there is none. */
    synchronized Entry floor(long offset) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (offsets[mid] <= offset) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? null : new Entry(offsets[found], positions[found]);
    }

    /** Forgets frames at or after a position, after a failed write was cut off there. */
    synchronized void truncate(long position) {
        while (size > 0 && positions[size - 1] >= position) {
            size--;
        }
    }
}
