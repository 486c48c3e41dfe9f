package io.ctops.agent.spool;

import io.ctops.agent.storage.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The spool's bookkeeping in {@code state}: the index of the first record not yet acknowledged and
 * how many records were dropped because the spool was full. Replaced atomically.
 *
 * @param head the first unacknowledged index
 * @param dropped records dropped so far
 */
record SpoolState(long head, long dropped) {

    static final String FILE_NAME = "state";

    /** {@return the state in the directory; zeros when there is none or it cannot be read} */
    static SpoolState read(Path dir) {
        try {
            Properties properties = new Properties();
            properties.load(new java.io.StringReader(Files.readString(dir.resolve(FILE_NAME), StandardCharsets.UTF_8)));
            return new SpoolState(Long.parseLong(properties.getProperty("head", "0").strip()),
                    Long.parseLong(properties.getProperty("dropped", "0").strip()));
        } catch (NoSuchFileException e) {
            return new SpoolState(0, 0);
        } catch (IOException | RuntimeException e) {
            // Losing it only means replaying acknowledged records again or restarting the drop count.
            return new SpoolState(0, 0);
        }
    }

    void write(Path dir) throws IOException {
        String text = "head=" + head + "\ndropped=" + dropped + "\n";
        AtomicFiles.write(dir.resolve(FILE_NAME), text.getBytes(StandardCharsets.UTF_8), false);
    }
}
