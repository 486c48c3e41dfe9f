package io.ctops.agent.checks;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ctops.agent.storage.AtomicFiles;
import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The last set of checks the server pushed, kept in {@code checks.pb} in the data directory so an
 * agent that restarts while the server is away goes on running them. The file holds the checks the
 * way they arrived: a {@code HeartbeatResponse} with only its checks and {@code replace_checks} set
 * (an empty set is a file too: "run nothing" survives a restart as well). Replaced atomically,
 * owner-only (settings may hold URLs with credentials).
 */
public final class PushedChecksFile {

    public static final String FILE_NAME = "checks.pb";
    private static final Logger log = LoggerFactory.getLogger(PushedChecksFile.class);

    private final Path file;

    /** @param dataDir the agent's data directory */
    public PushedChecksFile(Path dataDir) {
        this.file = requireNonNull(dataDir, "dataDir is null").resolve(FILE_NAME);
    }

    /**
     * Replaces the kept set.
     *
     * @throws IOException when it cannot be written; the previous set is then still in place
     */
    public void save(List<CheckDefinition> checks) throws IOException {
        byte[] content = HeartbeatResponse.newBuilder().addAllChecks(checks).setReplaceChecks(true).build().toByteArray();
        AtomicFiles.write(file, content, true);
    }

    /** {@return the kept set; empty when none was ever pushed, or the file is damaged (that is logged)} */
    public Optional<List<CheckDefinition>> load() {
        try {
            HeartbeatResponse kept = HeartbeatResponse.parseFrom(Files.readAllBytes(file));
            if (!kept.getReplaceChecks()) {
                log.warn("{} is not a set of checks the agent wrote; ignored until the server pushes checks", file);
                return Optional.empty();
            }
            return Optional.of(kept.getChecksList());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (InvalidProtocolBufferException e) {
            log.warn("{} is damaged ({}); ignored until the server pushes checks", file, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            log.warn("{} cannot be read ({}); ignored until the server pushes checks", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** {@return the file} */
    public Path file() {
        return file;
    }
}
