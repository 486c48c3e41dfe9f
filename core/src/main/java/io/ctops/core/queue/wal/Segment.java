package io.ctops.core.queue.wal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file of a topic's log, named after the first offset it may hold (zero-padded so names sort like
 * offsets). Only the last segment of a topic has a writer. Reads go through their own handle so they
 * never move the writer's position.
 *
 * <p>Files are accessed through {@link RandomAccessFile}, not {@code FileChannel}: an interrupt during a
 * channel operation closes the channel for every thread, and consumer threads do get interrupted on stop.
 */
final class Segment {

    static final String SUFFIX = ".log";

    /** Thrown by reads of a segment that retention deleted meanwhile; the reader looks up its offset again. */
    static final class GoneException extends IOException {
        GoneException(Path file) {
            super(file + " was deleted by retention");
        }
    }

    private final Path file;
    private final long baseOffset;
    private final Object readLock = new Object();
    private final Set<Long> reportedDamage = ConcurrentHashMap.newKeySet();
    private RandomAccessFile reader; // guarded by readLock; null once closed
    private RandomAccessFile writer; // only touched under the topic's append lock or the group-commit lock
    private volatile long size;
    private final AtomicLong visibleBytes = new AtomicLong();
    private volatile SparseIndex index;

    private Segment(Path file, long baseOffset, RandomAccessFile writer, long size, SparseIndex index) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.writer = writer;
        this.size = size;
        this.visibleBytes.set(size);
        this.index = index;
        this.reader = new RandomAccessFile(file.toFile(), "r");
    }

    /** A new, empty segment to append to. */
    static Segment create(Path dir, long baseOffset) throws IOException {
        Path file = dir.resolve(fileName(baseOffset));
        RandomAccessFile writer = new RandomAccessFile(file.toFile(), "rw");
        if (writer.length() != 0) {
            writer.close();
            throw new IOException(file + " already exists and is not empty");
        }
        return new Segment(file, baseOffset, writer, 0, new SparseIndex());
    }

    /** An existing segment, read-only until {@link #reopenForAppend}; its index is built on first use. */
    static Segment open(Path file, long baseOffset) throws IOException {
        return new Segment(file, baseOffset, null, Files.size(file), null);
    }

    static String fileName(long baseOffset) {
        return String.format("%020d%s", baseOffset, SUFFIX);
    }

    /** The base offset a segment file name stands for, if it is one. */
    static OptionalLong baseOffsetOf(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name.substring(0, 20)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Cuts the file to its valid bytes (a torn tail) and makes it the one appended to. */
    void reopenForAppend(long validBytes, SparseIndex validIndex) throws IOException {
        RandomAccessFile file = new RandomAccessFile(this.file.toFile(), "rw");
        if (file.length() > validBytes) {
            file.setLength(validBytes);
            file.getFD().sync();
        }
        file.seek(validBytes);
        writer = file;
        size = validBytes;
        visibleBytes.set(validBytes);
        index = validIndex;
    }

    /** Appends bytes (whole frames) at the end and returns where they start. */
    long append(byte[] bytes, int from, int length) throws IOException {
        long at = size;
        writer.write(bytes, from, length);
        size = at + length;
        return at;
    }

    /** Cuts off a write that failed part-way, so the next record starts at a frame boundary. */
    void rollback(long to) throws IOException {
        writer.setLength(to);
        writer.seek(to);
        size = to;
        index.truncate(to);
    }

    /** Forces written bytes to disk; a sealed segment was forced when it was sealed, if ever. */
    void sync() throws IOException {
        RandomAccessFile current = writer;
        if (current != null) {
            current.getFD().sync();
        }
    }

    void closeWriter() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    /** Reads exactly {@code length} bytes at a position below {@link #size()}. */
    void read(long position, byte[] into, int offset, int length) throws IOException {
        synchronized (readLock) {
            if (reader == null) {
                throw new GoneException(file);
            }
            reader.seek(position);
            reader.readFully(into, offset, length);
        }
    }

    /**
     * Makes bytes up to {@code end} readable by consumers; never moves backwards (a roll and a late sync
     * callback may report the same segment out of order).
     */
    void publish(long end) {
        visibleBytes.accumulateAndGet(end, Math::max);
    }

    /** True the first time damage at this position is reported, so each damaged span is counted once. */
    boolean firstReport(long position) {
        return reportedDamage.add(position);
    }

    void close() throws IOException {
        synchronized (readLock) {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
        closeWriter();
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    Path file() {
        return file;
    }

    long baseOffset() {
        return baseOffset;
    }

    long size() {
        return size;
    }

    long visibleBytes() {
        return visibleBytes.get();
    }

    /** The sparse index, or null for a segment from before the restart that no read has needed yet. */
    SparseIndex index() {
        return index;
    }

    void installIndex(SparseIndex built) {
        index = built;
    }
}
