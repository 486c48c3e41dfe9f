package io.ctops.core.queue.wal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a topic's segments after a restart and repairs the last one, the only one a crash can leave
 * half-written: earlier segments were synced when they were sealed. The last segment is scanned frame by
 * frame; damage followed by valid frames is corruption (reported and skipped), damage that runs to the
 * end of the file is a torn tail (cut off, so appends continue at a frame boundary).
 */
final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    /** The segments by base offset and the offset the next record gets. */
    record Recovered(NavigableMap<Long, Segment> segments, long nextOffset) {
    }

    private LogRecovery() {
    }

    /**
     * @param minNextOffset the next offset must not be below it: a group may have committed records that
     *     a crash without fsync lost, and reusing their offsets would hide new records from that group
     */
    static Recovered recover(Path dir, String topic, DamageLog damage, long minNextOffset) throws IOException {
        NavigableMap<Long, Segment> segments = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                OptionalLong base = Segment.baseOffsetOf(file);
                if (base.isPresent()) {
                    segments.put(base.getAsLong(), Segment.open(file, base.getAsLong()));
                } else if (!file.getFileName().toString().startsWith(".")) {
                    LOG.warn("Topic {}: ignoring {}, not a segment file", topic, file);
                }
            }
        }
        if (segments.isEmpty()) {
            return new Recovered(segments, minNextOffset);
        }
        Segment last = segments.lastEntry().getValue();
        long lastOffset = repair(last, topic, damage);
        return new Recovered(segments, Math.max(lastOffset + 1, minNextOffset));
    }

    /** Scans the segment, cuts a torn tail, makes it appendable; returns its last valid offset. */
    private static long repair(Segment segment, String topic, DamageLog damage) throws IOException {
        SparseIndex index = new SparseIndex();
        long size = segment.size();
        FrameScanner scanner = new FrameScanner(segment, topic, 0, size, segment.baseOffset() - 1);
        long validEnd = 0;
        for (FrameScanner.Step step = scanner.next(); step != null; step = scanner.next()) {
            if (step instanceof FrameScanner.Frame frame) {
                index.add(frame.record().offset(), frame.position());
                validEnd = frame.end();
            } else if (step instanceof FrameScanner.Damage bad) {
                if (bad.to() == size) {
                    damage.tornTail(segment, bad.from(), size);
                    validEnd = bad.from();
                } else {
                    damage.corrupt(segment, bad);
                }
            }
        }
        segment.reopenForAppend(validEnd, index);
        return scanner.lastOffset();
    }
}
