package io.ctops.agent.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheWholeFileAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("state");
        AtomicFiles.write(file, "first, longer content".getBytes(StandardCharsets.UTF_8), true);
        AtomicFiles.write(file, "second".getBytes(StandardCharsets.UTF_8), true);

        assertEquals("second", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(dir.resolve(".state.tmp")));
    }

    @Test
    void aTemporaryFileLeftByACrashIsNoObstacle() throws Exception {
        Path file = dir.resolve("state");
        Files.writeString(dir.resolve(".state.tmp"), "half-written by a process that died");

        AtomicFiles.write(file, "whole".getBytes(StandardCharsets.UTF_8), false);

        assertEquals("whole", Files.readString(file));
        assertFalse(Files.exists(dir.resolve(".state.tmp")));
    }

    @Test
    void aFailedWriteLeavesTheOldContent() throws Exception {
        Path file = dir.resolve("state");
        AtomicFiles.write(file, "old".getBytes(StandardCharsets.UTF_8), false);
        // the temporary file's place is taken by a directory that cannot be deleted
        Files.createDirectories(dir.resolve(".state.tmp").resolve("blocker"));

        assertThrows(java.io.IOException.class,
                () -> AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8), false));

        assertEquals("old", Files.readString(file));
    }
}
