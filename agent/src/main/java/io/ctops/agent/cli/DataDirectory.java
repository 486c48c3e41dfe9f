package io.ctops.agent.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import static java.util.Objects.requireNonNull;

/**
 * The agent's data directory, created owner-only and locked for as long as the agent runs: two
 * agents on one directory would share a key and fight over the spool.
 */
final class DataDirectory implements AutoCloseable {

    static final String LOCK_FILE = "agent.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @throws IOException when it cannot be created, or another agent holds it
     */
    static DataDirectory lock(Path dir) throws IOException {
        requireNonNull(dir, "dir is null");
        if (!Files.isDirectory(dir)) {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another agent is running with the data directory " + dir);
        }
        return new DataDirectory(dir, channel, lock);
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
