package io.ctops.agent.identity;

import io.ctops.agent.storage.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the {@link AgentCredentials} in {@code state.properties} in the data directory (mode 0600,
 * replaced atomically), so a restart needs no registration.
 */
public final class CredentialStore {

    public static final String FILE_NAME = "state.properties";
    static final String FORMAT = "1";

    private final Path file;

    /** @param dataDir the agent's data directory */
    public CredentialStore(Path dataDir) {
        this.file = requireNonNull(dataDir, "dataDir is null").resolve(FILE_NAME);
    }

    /** {@return the state file's path} */
    public Path file() {
        return file;
    }

    /**
     * Reads the stored credentials.
     *
     * @return them, or empty when there is no state file yet
     * @throws CorruptStateException when the file exists but is not complete, valid state
     */
    public Optional<AgentCredentials> load() throws CorruptStateException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CorruptStateException(file, "cannot be read: " + e.getMessage());
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptStateException(file, "not a properties file");
        }
        if (!FORMAT.equals(properties.getProperty("format"))) {
            throw new CorruptStateException(file, "unknown format '" + properties.getProperty("format") + "'");
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (int i = 0; properties.containsKey("ca_chain." + i); i++) {
                chain.add(certificate(required(properties, "ca_chain." + i)));
            }
            return Optional.of(new AgentCredentials(
                    required(properties, "agent_id"),
                    required(properties, "jwt"),
                    Instant.parse(required(properties, "jwt_expires_at")),
                    Instant.parse(required(properties, "jwt_obtained_at")),
                    certificate(required(properties, "client_certificate")),
                    chain));
        } catch (DateTimeParseException e) {
            throw new CorruptStateException(file, "a time is not ISO-8601");
        } catch (IllegalArgumentException e) {
            throw new CorruptStateException(file, e.getMessage());
        }
    }

    /**
     * Replaces the stored credentials atomically.
     *
     * @throws IOException when they cannot be written; the previous file is then unchanged
     */
    public void store(AgentCredentials credentials) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("format", FORMAT);
        properties.setProperty("agent_id", credentials.agentId());
        properties.setProperty("jwt", credentials.jwt());
        properties.setProperty("jwt_expires_at", credentials.jwtExpiresAt().toString());
        properties.setProperty("jwt_obtained_at", credentials.jwtObtainedAt().toString());
        properties.setProperty("client_certificate", base64(credentials.certificate()));
        for (int i = 0; i < credentials.caChain().size(); i++) {
            properties.setProperty("ca_chain." + i, base64(credentials.caChain().get(i)));
        }
        StringWriter text = new StringWriter();
        properties.store(text, "CT-Ops agent credentials: written by the agent, do not edit");
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return value.strip();
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    private static X509Certificate certificate(String base64) {
        try {
            return Certificates.parse(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a certificate is not valid: " + e.getMessage());
        }
    }
}
