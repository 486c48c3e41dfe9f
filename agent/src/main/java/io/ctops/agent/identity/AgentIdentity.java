package io.ctops.agent.identity;

import io.ctops.agent.transport.ClientIdentity;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The agent's key pair and current credentials. Every change of credentials is written to the
 * {@link CredentialStore} before it is used, so a restart picks up where the agent left off.
 */
public final class AgentIdentity {

    private static final Logger log = LoggerFactory.getLogger(AgentIdentity.class);

    private final KeyPair keys;
    private final CredentialStore store;
    private volatile AgentCredentials credentials;

    private AgentIdentity(KeyPair keys, CredentialStore store, AgentCredentials credentials) {
        this.keys = requireNonNull(keys, "keys is null");
        this.store = requireNonNull(store, "store is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    /**
     * Uses the stored credentials when they are for this key and still good; otherwise registers
     * (again, with the same key) and stores what the server returns.
     *
     * @throws RegistrationRefusedException when the server refuses for good
     * @throws IOException when the new credentials cannot be stored
     * @throws InterruptedException when the agent is stopped while waiting
     */
    public static AgentIdentity establish(KeyPair keys, CredentialStore store, Registrar registrar, Clock clock)
            throws RegistrationRefusedException, IOException, InterruptedException {
        Optional<AgentCredentials> stored = usable(keys, store, clock.instant());
        if (stored.isPresent()) {
            log.info("Agent {} resumes with its stored credentials", stored.get().agentId());
            return new AgentIdentity(keys, store, stored.get());
        }
        AgentCredentials registered = registrar.register(keys);
        store.store(registered);
        return new AgentIdentity(keys, store, registered);
    }

    private static Optional<AgentCredentials> usable(KeyPair keys, CredentialStore store, Instant now) {
        Optional<AgentCredentials> stored;
        try {
            stored = store.load();
        } catch (CorruptStateException e) {
            log.warn("{}; registering again with the same key", e.getMessage());
            return Optional.empty();
        }
        if (stored.isEmpty()) {
            log.info("No credentials in {} yet: registering", store.file());
            return Optional.empty();
        }
        AgentCredentials credentials = stored.get();
        if (!credentials.certifies(keys.getPublic())) {
            log.warn("The certificate in {} is not for this agent's key; registering again", store.file());
            return Optional.empty();
        }
        if (credentials.jwtRefreshDue(now)) {
            log.info("The stored JWT of agent {} expires at {}: registering again with the same key",
                    credentials.agentId(), credentials.jwtExpiresAt());
            return Optional.empty();
        }
        if (!credentials.certificateValid(now)) {
            log.info("The stored certificate of agent {} is not valid now: registering again with the same key",
                    credentials.agentId());
            return Optional.empty();
        }
        return stored;
    }

    /** {@return the agent's key pair} */
    public KeyPair keys() {
        return keys;
    }

    /** {@return the current credentials} */
    public AgentCredentials credentials() {
        return credentials;
    }

    /** {@return what to present in the mutual TLS handshake} */
    public ClientIdentity clientIdentity() {
        return new ClientIdentity(keys.getPrivate(), credentials.certificate());
    }

    /**
     * Stores new credentials, then uses them.
     *
     * @throws IOException when they cannot be stored; the old ones stay in use
     */
    public synchronized void replace(AgentCredentials replacement) throws IOException {
        requireNonNull(replacement, "replacement is null");
        if (!replacement.certifies(keys.getPublic())) {
            throw new IllegalArgumentException("the certificate is not for this agent's key");
        }
        store.store(replacement);
        credentials = replacement;
    }

    /**
     * Switches to a certificate the server pushed on the heartbeat stream.
     *
     * @param der the new certificate
     * @return whether it differs from the current one (and the stream must be reopened with it)
     * @throws IllegalArgumentException when it is not a certificate for this agent's key
     * @throws IOException when it cannot be stored
     */
    public synchronized boolean acceptPushedCertificate(byte[] der) throws IOException {
        X509Certificate pushed = Certificates.parse(der);
        if (pushed.equals(credentials.certificate())) {
            return false;
        }
        replace(credentials.withCertificate(pushed));
        log.info("Switched to the certificate the server pushed (serial {}, valid until {})",
                pushed.getSerialNumber().toString(16), pushed.getNotAfter().toInstant());
        return true;
    }
}
