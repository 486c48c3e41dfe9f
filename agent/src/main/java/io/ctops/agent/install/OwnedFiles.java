package io.ctops.agent.install;

import io.ctops.agent.storage.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories with a given owner, group and mode. A file is written to a temporary file
 * that gets its owner and mode before it is renamed into place, so the token in the configuration is
 * never readable by anyone else, not even for a moment, and a crash leaves the old file or the new.
 */
final class OwnedFiles {

    static final int ROOT = 0;

    private OwnedFiles() {
    }

    static void write(Path target, byte[] content, int uid, int gid, String mode) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            own(temp, uid, gid, mode);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        AtomicFiles.syncDirectory(target.getParent());
    }

    /** Creates the directory (and missing parents, as root's 0755) and gives it this owner and mode. */
    static boolean directory(Path dir, int uid, int gid, String mode) throws IOException {
        boolean created = !Files.isDirectory(dir);
        if (created) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        own(dir, uid, gid, mode);
        return created;
    }

    static void own(Path path, int uid, int gid, String mode) throws IOException {
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", gid);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }
}
