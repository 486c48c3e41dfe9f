package io.ctops.core.queue.wal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed offsets of the consumer groups: one small text file per group ({@code topic=offset} per
 * line), replaced atomically (temp file, fsync, rename) so a crash leaves either the
 * old or the new positions, never a mix. An offset is the next record the group has not handled.
 */
final class OffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetStore.class);
    private static final String SUFFIX = ".offsets";
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path dir;
    private final boolean sync;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    /** One group's positions; its monitor serialises that group's commits and file writes. */
    private static final class Group {
        private final Map<String, Long> committed = new ConcurrentHashMap<>();
    }

    private OffsetStore(Path dir, boolean sync) {
        this.dir = dir;
        this.sync = sync;
    }

    /**
     * Loads every group's file; temp files a crash left behind are discarded, their rename never happened.
     * Under {@link FsyncPolicy#NEVER} files are replaced as atomically but never forced to disk: a machine
     * crash may move a group back (it sees records again), a process crash cannot.
     */
    static OffsetStore open(Path dir, FsyncPolicy policy) throws IOException {
        Files.createDirectories(dir);
        OffsetStore store = new OffsetStore(dir, policy != FsyncPolicy.NEVER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX)) {
                    store.load(file, name.substring(0, name.length() - SUFFIX.length()));
                }
            }
        }
        return store;
    }

    private void load(Path file, String encodedGroup) throws IOException {
        String group;
        try {
            group = GroupFileName.decode(encodedGroup);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring {}: not a consumer group file name", file);
            return;
        }
        Group state = groups.computeIfAbsent(group, g -> new Group());
        for (String line : Files.readAllLines(file, UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.lastIndexOf('=');
            try {
                state.committed.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
            } catch (RuntimeException e) {
                // a lost position only means redelivery, which consumers must tolerate anyway
                LOG.warn("Ignoring line '{}' of {}: not topic=offset", line, file);
            }
        }
    }

    /** The group's position on the topic: 0 until it commits there. */
    long committed(String group, String topic) {
        Group state = groups.get(group);
        return state == null ? 0 : state.committed.getOrDefault(topic, 0L);
    }

    /** Every group with a position on the topic, and that position. */
    Map<String, Long> committedOn(String topic) {
        Map<String, Long> positions = new HashMap<>();
        groups.forEach((group, state) -> {
            Long offset = state.committed.get(topic);
            if (offset != null) {
                positions.put(group, offset);
            }
        });
        return positions;
    }

    /** The furthest any group has committed on the topic, 0 when none has. */
    long highestCommitted(String topic) {
        return committedOn(topic).values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Moves the group forward (never back) to the given positions and writes its file if anything moved. */
    void commit(String group, Map<String, Long> positions) throws IOException {
        String fileName = GroupFileName.encode(group) + SUFFIX;
        Group state = groups.computeIfAbsent(group, g -> new Group());
        synchronized (state) {
            Map<String, Long> merged = new TreeMap<>(state.committed);
            boolean moved = false;
            for (Map.Entry<String, Long> position : positions.entrySet()) {
                if (position.getValue() > merged.getOrDefault(position.getKey(), 0L)) {
                    merged.put(position.getKey(), position.getValue());
                    moved = true;
                }
            }
            if (!moved) {
                return;
            }
            write(dir.resolve(fileName), group, merged);
            state.committed.putAll(merged);
        }
    }

    private void write(Path target, String group, Map<String, Long> positions) throws IOException {
        StringBuilder text = new StringBuilder("# committed offsets of consumer group ").append(group.replace('\n', ' ')).append('\n');
        positions.forEach((topic, offset) -> text.append(topic).append('=').append(offset).append('\n'));
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        // FileOutputStream rather than a FileChannel: an interrupt (consumer stop) must not abort the write
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            out.write(text.toString().getBytes(UTF_8));
            if (sync) {
                out.getFD().sync();
            }
        }
        // No directory fsync after the rename: the temp file was forced first, so after a machine crash the
        // name holds the old or the new positions, both whole. The old ones only mean records delivered
        // again, which at-least-once consumers take; one fsync per commit instead of two doubles what a
        // consumer committing every batch can read under fsync=always.
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
