package io.ctops.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of the spool, {@code <index of its first record, 20 digits>.seg}, and where each of its
 * records starts. Only the newest segment is appended to.
 */
final class SpoolSegment {

    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");

    final long baseIndex;
    final Path file;
    private int[] offsets = new int[16];
    private int count;
    private long bytes;
    private FileChannel appender;

    private SpoolSegment(long baseIndex, Path file) {
        this.baseIndex = baseIndex;
        this.file = file;
    }

    static String fileName(long baseIndex) {
        return String.format("%020d.seg", baseIndex);
    }

    /** {@return the base index a segment file name stands for, if it is one} */
    static Optional<Long> baseIndexOf(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }

    /** Creates an empty segment file for appending. */
    static SpoolSegment create(Path dir, long baseIndex) throws IOException {
        SpoolSegment segment = new SpoolSegment(baseIndex, dir.resolve(fileName(baseIndex)));
        segment.appender = FileChannel.open(segment.file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        return segment;
    }

    /**
     * Reads an existing segment file and indexes its intact records.
     *
     * @param repair whether to cut off a torn or damaged tail (the spool's own open) or only to look
     *               (the status command, beside a running agent)
     * @return the segment and how many bytes at its end were not intact records
     */
    static Scan scan(Path file, long baseIndex, boolean repair) throws IOException {
        SpoolSegment segment = new SpoolSegment(baseIndex, file);
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
        while (buffer.hasRemaining()) {
            int position = buffer.position();
            if (SpoolFraming.next(buffer) == null) {
                break;
            }
            segment.add(position, buffer.position() - position);
        }
        long torn = buffer.limit() - segment.bytes;
        if (repair && torn > 0) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(segment.bytes);
                channel.force(true);
            }
        }
        return new Scan(segment, torn);
    }

    /** A scanned segment and the size of the damaged tail that was found. */
    record Scan(SpoolSegment segment, long tornBytes) {
    }

    /** Opens the segment for appending after its last intact record. */
    void openForAppend() throws IOException {
        if (appender == null) {
            appender = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        }
    }

    /**
     * Appends a framed record and forces it to disk. When that fails (a full disk) whatever part of
     * it was written is cut off again, so the file ends with its last intact record.
     */
    void append(ByteBuffer framed) throws IOException {
        int length = framed.remaining();
        long position = bytes;
        try {
            while (framed.hasRemaining()) {
                position += appender.write(framed, position);
            }
            appender.force(false);
        } catch (IOException e) {
            try {
                appender.truncate(bytes);
            } catch (IOException truncateFailed) {
                e.addSuppressed(truncateFailed);
            }
            throw e;
        }
        add((int) bytes, length);
    }

    /** Reads the payload of the record with this index, or null when it is no longer intact on disk. */
    byte[] read(long index) throws IOException {
        int i = (int) (index - baseIndex);
        int start = offsets[i];
        int end = i + 1 < count ? offsets[i + 1] : (int) bytes;
        ByteBuffer buffer = ByteBuffer.allocate(end - start);
        if (appender != null) {
            readFully(appender, buffer, start);
        } else {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                readFully(channel, buffer, start);
            }
        }
        buffer.flip();
        return SpoolFraming.next(buffer);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                break;
            }
        }
    }

    private void add(int offset, int length) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = offset;
        bytes += length;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    /** {@return the index after its last record} */
    long endIndex() {
        return baseIndex + count;
    }

    /** Stops appending; the file stays. */
    void close() throws IOException {
        if (appender != null) {
            appender.close();
            appender = null;
        }
    }

    /** Closes and removes the file. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }
}
