package io.ctops.core.queue.wal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.ctops.sdk.queue.QueueRecord;
import io.ctops.sdk.queue.Topic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Reads a topic's records from an offset on, across segments, up to what is visible. Damaged frames are
 * reported and stepped over, never delivered; a segment deleted by retention mid-read is looked up again.
 */
final class LogReader {

    /** Where a group's last read stopped, so its next read can continue there without an index lookup. */
    record Cursor(long offset, Segment segment, long position) {
    }

    /** Records read and where the read stopped. */
    record Batch(List<QueueRecord<?>> records, Cursor cursor) {
    }

    private final String topic;
    private final NavigableMap<Long, Segment> segments;
    private final DamageLog damage;

    LogReader(String topic, NavigableMap<Long, Segment> segments, DamageLog damage) {
        this.topic = topic;
        this.segments = segments;
        this.damage = damage;
    }

    /** Up to {@code max} visible records from offset {@code from} on, parsed as {@code type}. */
    Batch read(Topic<?> type, long from, int max, Cursor hint) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(type, from, max, hint);
            } catch (Segment.GoneException e) {
                // retention deleted a segment under us: look the offset up again among what is left
                if (attempt == 3) {
                    throw e;
                }
                hint = null;
            }
        }
    }

    private Batch readOnce(Topic<?> type, long from, int max, Cursor hint) throws IOException {
        List<QueueRecord<?>> records = new ArrayList<>();
        Map.Entry<Long, Segment> entry = segments.floorEntry(from);
        if (entry == null) {
            entry = segments.firstEntry(); // the offset was dropped by retention: start at what is left
        }
        Segment segment = entry.getValue();
        long position;
        long lastOffset;
        if (hint != null && hint.offset() == from && hint.segment() == segment) {
            position = hint.position();
            lastOffset = from - 1;
        } else {
            SparseIndex.Entry near = indexOf(segment).floor(from);
            position = near == null ? 0 : near.position();
            lastOffset = near == null ? segment.baseOffset() - 1 : near.offset() - 1;
        }
        long want = from;
        while (true) {
            FrameScanner scanner = new FrameScanner(segment, topic, position, segment.visibleBytes(), lastOffset);
            for (FrameScanner.Step step; records.size() < max && (step = scanner.next()) != null; ) {
                if (step instanceof FrameScanner.Frame frame && frame.record().offset() >= want) {
                    want = frame.record().offset() + 1;
                    try {
                        records.add(toRecord(type, frame.record()));
                    } catch (InvalidProtocolBufferException e) {
                        damage.undecodable(segment, frame, e);
                    }
                } else if (step instanceof FrameScanner.Damage bad) {
                    damage.corrupt(segment, bad);
                }
            }
            position = scanner.position();
            lastOffset = scanner.lastOffset();
            Map.Entry<Long, Segment> next = segments.higherEntry(segment.baseOffset());
            if (records.size() >= max || next == null) {
                return new Batch(records, new Cursor(want, segment, position));
            }
            // A successor exists only once this segment is wholly visible; if it grew since the scan
            // began, read the rest of it before moving on.
            if (segment.visibleBytes() > position) {
                continue;
            }
            segment = next.getValue();
            position = 0;
            lastOffset = segment.baseOffset() - 1;
        }
    }

    private static <T extends Message> QueueRecord<T> toRecord(Topic<T> type, WalRecord record) throws InvalidProtocolBufferException {
        return new QueueRecord<>(type, record.key(), type.parse(record.payload()), record.offset(), record.publishedAt());
    }

    /** The segment's sparse index, built by one scan for segments from before the restart. */
    private SparseIndex indexOf(Segment segment) throws IOException {
        synchronized (segment) {
            SparseIndex index = segment.index();
            if (index == null) {
                index = new SparseIndex();
                FrameScanner scanner = new FrameScanner(segment, topic, 0, segment.visibleBytes(), segment.baseOffset() - 1);
                for (FrameScanner.Step step = scanner.next(); step != null; step = scanner.next()) {
                    if (step instanceof FrameScanner.Frame frame) {
                        index.add(frame.record().offset(), frame.position());
                    } else if (step instanceof FrameScanner.Damage bad) {
                        damage.corrupt(segment, bad);
                    }
                }
                segment.installIndex(index);
            }
            return index;
        }
    }
}
