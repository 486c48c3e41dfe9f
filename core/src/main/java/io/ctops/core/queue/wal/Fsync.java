package io.ctops.core.queue.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of a directory, so a file created, renamed or deleted in it stays that way after a crash. */
final class Fsync {

    private Fsync() {
    }

    static void directory(Path dir) throws IOException {
        // Only a FileChannel can open a directory, and an interrupt would abort the force by closing it;
        // hold a pending interrupt back for this short call and restore it afterwards.
        boolean interrupted = Thread.interrupted();
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
