package io.ctops.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master secret that keys encryption at rest. When the operator sets none, one is generated on
 * first start and kept in the data directory (owner-only), so a restart can still read what it wrote.
 */
public final class ServerSecret {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSecret.class);
    static final String FILE_NAME = "secret";

    private final String value;

    private ServerSecret(String value) {
        this.value = value;
    }

    public static ServerSecret resolve(ServerConfig config) {
        if (config.secret().isPresent()) {
            return new ServerSecret(config.secret().get());
        }
        Path file = config.dataDir().resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return new ServerSecret(Files.readString(file).trim());
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(config.dataDir());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, generated, StandardOpenOption.TRUNCATE_EXISTING);
            LOG.info("Generated a server secret in {} (set CT_OPS_SECRET to manage it yourself)", file);
            return new ServerSecret(generated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the server secret " + file, e);
        }
    }

    /** The secret; never log it. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "ServerSecret[****]";
    }
}
