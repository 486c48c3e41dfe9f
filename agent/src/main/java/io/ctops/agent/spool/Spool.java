package io.ctops.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * A bounded on-disk queue of records (heartbeats the server has not acknowledged), kept in segment
 * files in its own directory. Each append is forced to disk before it returns. Records are read in
 * the order they were appended and removed only when {@linkplain #acknowledge acknowledged}. When
 * the files grow past the bound, the oldest segment is dropped, its unacknowledged records counted.
 * A torn record at the end of a segment (a crash mid-append) is cut off when the spool is opened.
 * When the disk is full before the bound is reached (ENOSPC, or EFBIG under a file size limit), the
 * oldest segment is dropped the same way to make room, and later segments are made smaller so the
 * next drop costs less.
 *
 * <p>Thread-safe: the heartbeat ticker appends while the stream replays and acknowledges.
 */
public final class Spool implements AutoCloseable {

    /** How often the acknowledged position is written down at most; after a crash, up to that much is sent twice. */
    static final long HEAD_SYNC_NANOS = 1_000_000_000L;
    static final long MAX_SEGMENT_BYTES = 4L * 1024 * 1024;
    /** The smallest segment a full disk shrinks segments to: a few heartbeats. */
    static final long MIN_SEGMENT_BYTES = 16L * 1024;
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final Path dir;
    private final long maxBytes;
    private long segmentBytes;
    private final LongSupplier nanoTime;
    private final Deque<SpoolSegment> segments;
    private long head;
    private long nextIndex;
    private long dropped;
    private long totalBytes;
    private long headSyncedAt;
    private boolean headDirty;
    private boolean closed;

    private Spool(Path dir, long maxBytes, LongSupplier nanoTime, Deque<SpoolSegment> segments, long head,
            long nextIndex, long dropped) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(1, Math.min(maxBytes / 64, MAX_SEGMENT_BYTES));
        this.nanoTime = nanoTime;
        this.segments = segments;
        this.head = head;
        this.nextIndex = nextIndex;
        this.dropped = dropped;
        this.totalBytes = segments.stream().mapToLong(SpoolSegment::bytes).sum();
        this.headSyncedAt = nanoTime.getAsLong();
    }

    /**
     * Opens (or creates) the spool in a directory, repairing a torn tail.
     *
     * @param dir its directory, used by nothing else
     * @param maxBytes the bound on the files' total size
     */
    public static Spool open(Path dir, long maxBytes) throws IOException {
        return open(dir, maxBytes, System::nanoTime);
    }

    static Spool open(Path dir, long maxBytes, LongSupplier nanoTime) throws IOException {
        requireNonNull(dir, "dir is null");
        requireNonNull(nanoTime, "nanoTime is null");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        Files.createDirectories(dir);
        SpoolState state = SpoolState.read(dir);
        Deque<SpoolSegment> segments = new ArrayDeque<>();
        for (Map.Entry<Long, Path> file : segmentFiles(dir).entrySet()) {
            SpoolSegment.Scan scan = SpoolSegment.scan(file.getValue(), file.getKey(), true);
            SpoolSegment segment = scan.segment();
            if (scan.tornBytes() > 0) {
                log.warn("Spool segment {}: cut off {} damaged or half-written bytes at its end (after a crash?)",
                        file.getValue().getFileName(), scan.tornBytes());
            }
            SpoolSegment previous = segments.peekLast();
            if (segment.count() == 0 || previous != null && segment.baseIndex < previous.endIndex()) {
                segment.delete();
                continue;
            }
            segments.addLast(segment);
        }
        long nextIndex = segments.isEmpty() ? state.head() : segments.peekLast().endIndex();
        long first = segments.isEmpty() ? nextIndex : segments.peekFirst().baseIndex;
        long head = Math.min(Math.max(state.head(), first), nextIndex);
        Spool spool = new Spool(dir, maxBytes, nanoTime, segments, head, nextIndex, state.dropped());
        spool.deleteAcknowledgedSegments();
        if (!segments.isEmpty()) {
            segments.peekLast().openForAppend();
        }
        return spool;
    }

    /**
     * Looks at a spool without changing anything, e.g. beside a running agent.
     *
     * @param dir its directory
     * @param maxBytes the configured bound, for the report
     * @return its status; all zeros when there is none
     */
    public static SpoolStatus inspect(Path dir, long maxBytes) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new SpoolStatus(0, 0, maxBytes, 0);
        }
        SpoolState state = SpoolState.read(dir);
        long records = 0;
        long bytes = 0;
        for (Map.Entry<Long, Path> file : segmentFiles(dir).entrySet()) {
            SpoolSegment segment = SpoolSegment.scan(file.getValue(), file.getKey(), false).segment();
            long from = Math.max(state.head(), segment.baseIndex);
            records += Math.max(0, segment.endIndex() - from);
            bytes += Files.size(file.getValue());
        }
        return new SpoolStatus(records, bytes, maxBytes, state.dropped());
    }

    private static TreeMap<Long, Path> segmentFiles(Path dir) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(file -> SpoolSegment.baseIndexOf(file).ifPresent(base -> files.put(base, file)));
        }
        return files;
    }

    /**
     * Appends a record and forces it to disk; drops the oldest records if the bound is passed, or
     * when the disk is full.
     *
     * @return the record's index
     * @throws IOException when it cannot be written; on a full disk with nothing left to drop it is
     *                     counted as dropped
     */
    public synchronized long append(byte[] payload) throws IOException {
        requireOpen();
        ByteBuffer framed = SpoolFraming.frame(payload);
        while (true) {
            try {
                appendFramed(framed);
                break;
            } catch (IOException e) {
                if (!DiskFull.is(e)) {
                    throw e;
                }
                framed.rewind();
                if (!dropOldestForRoom(e)) {
                    dropped++;
                    writeStateQuietly();
                    throw e;
                }
            }
        }
        long index = nextIndex++;
        enforceBound();
        return index;
    }

    private void appendFramed(ByteBuffer framed) throws IOException {
        SpoolSegment active = segments.peekLast();
        if (active == null || active.endIndex() != nextIndex
                || active.bytes() > 0 && active.bytes() + framed.remaining() > segmentBytes) {
            if (active != null) {
                active.close();
            }
            active = SpoolSegment.create(dir, nextIndex);
            segments.addLast(active);
        }
        int length = framed.remaining();
        active.append(framed);
        totalBytes += length;
    }

    /**
     * The disk is full: drops the oldest segment (the only one, if need be) so the new record fits.
     *
     * @return false when there is nothing left to drop
     */
    private boolean dropOldestForRoom(IOException cause) {
        SpoolSegment oldest = segments.peekFirst();
        if (oldest == null || oldest.count() == 0) {
            return false;
        }
        long before = totalBytes;
        long droppedNow = dropOldest();
        // what the disk holds is all there is: smaller segments make the next drop lose less
        segmentBytes = Math.max(MIN_SEGMENT_BYTES, Math.min(segmentBytes, before / 8));
        dropped += droppedNow;
        writeStateQuietly();
        log.warn("Spool: the disk is full ({}): dropped the {} oldest heartbeat(s) to make room; {} dropped in total",
                cause.getMessage(), droppedNow, dropped);
        return true;
    }

    /** Removes the oldest segment; {@return how many of its records were not acknowledged} */
    private long dropOldest() {
        SpoolSegment oldest = segments.removeFirst();
        long unacknowledged = Math.max(0, oldest.endIndex() - Math.max(head, oldest.baseIndex));
        head = Math.max(head, oldest.endIndex());
        totalBytes -= oldest.bytes();
        try {
            oldest.delete();
        } catch (IOException e) {
            log.warn("Spool segment {} cannot be removed: {}", oldest.file.getFileName(), e.getMessage());
        }
        return unacknowledged;
    }

    private void enforceBound() {
        long droppedNow = 0;
        while (totalBytes > maxBytes && segments.size() > 1) {
            droppedNow += dropOldest();
        }
        if (droppedNow > 0) {
            dropped += droppedNow;
            writeStateQuietly();
            log.warn("Spool full ({} bytes allowed): dropped the {} oldest heartbeat(s); {} dropped in total",
                    maxBytes, droppedNow, dropped);
        }
    }

    /**
     * Reads records in order.
     *
     * @param fromIndex the first index wanted; records before the acknowledged position are skipped
     * @param max how many at most
     * @return the records, possibly none
     */
    public synchronized List<SpoolEntry> read(long fromIndex, int max) throws IOException {
        requireOpen();
        List<SpoolEntry> entries = new ArrayList<>();
        long index = Math.max(fromIndex, head);
        for (SpoolSegment segment : segments) {
            if (entries.size() >= max) {
                break;
            }
            for (long i = Math.max(index, segment.baseIndex); i < segment.endIndex() && entries.size() < max; i++) {
                byte[] payload = segment.read(i);
                if (payload == null) {
                    log.warn("Spool record {} in {} is damaged on disk; skipped", i, segment.file.getFileName());
                } else {
                    entries.add(new SpoolEntry(i, payload));
                }
            }
        }
        return entries;
    }

    /** {@return the index of the first unacknowledged record, or the next index when there is none} */
    public synchronized long head() {
        return head;
    }

    /**
     * Removes the record with this index and every one before it.
     *
     * @param index an index returned by {@link #append} or {@link #read}
     */
    public synchronized void acknowledge(long index) throws IOException {
        requireOpen();
        if (index < head) {
            return;
        }
        head = Math.min(index + 1, nextIndex);
        headDirty = true;
        boolean deleted = deleteAcknowledgedSegments();
        if (deleted || nanoTime.getAsLong() - headSyncedAt >= HEAD_SYNC_NANOS) {
            writeState();
        }
    }

    private boolean deleteAcknowledgedSegments() throws IOException {
        boolean deleted = false;
        while (!segments.isEmpty() && segments.peekFirst().endIndex() <= head) {
            SpoolSegment segment = segments.removeFirst();
            totalBytes -= segment.bytes();
            segment.delete();
            deleted = true;
        }
        return deleted;
    }

    private void writeState() throws IOException {
        new SpoolState(head, dropped).write(dir);
        headSyncedAt = nanoTime.getAsLong();
        headDirty = false;
    }

    /** The count lives on in memory and is written with the next acknowledgement or at close. */
    private void writeStateQuietly() {
        try {
            writeState();
        } catch (IOException e) {
            headDirty = true;
            log.warn("Spool: its state cannot be written now ({}); it is written later", e.getMessage());
        }
    }

    /** {@return how many records wait, how many bytes they take and how many were dropped} */
    public synchronized SpoolStatus status() {
        long records = 0;
        for (SpoolSegment segment : segments) {
            records += Math.max(0, segment.endIndex() - Math.max(head, segment.baseIndex));
        }
        return new SpoolStatus(records, totalBytes, maxBytes, dropped);
    }

    /** {@return whether no record waits} */
    public synchronized boolean isEmpty() {
        return status().records() == 0;
    }

    /** {@return the spool's directory} */
    public Path dir() {
        return dir;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("spool is closed");
        }
    }

    /** Writes down the acknowledged position and closes the files; calling it again does nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (headDirty) {
            writeState();
        }
        for (SpoolSegment segment : segments) {
            segment.close();
        }
    }

    /** For tests: the segment files, oldest first. */
    synchronized List<Path> segmentFiles() {
        return segments.stream().map(segment -> segment.file).sorted(Comparator.naturalOrder()).toList();
    }

    /** For tests: the size segments roll at. */
    long segmentBytes() {
        return segmentBytes;
    }
}
