package io.ctops.core.ingest;

import static java.util.Objects.requireNonNull;

import io.ctops.core.identity.AgentCaStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent CAs handshakes trust, cached and refreshed with the revocation list (not read per handshake). */
final class TrustedAgentCas implements Supplier<List<X509Certificate>> {

    private static final Logger LOG = LoggerFactory.getLogger(TrustedAgentCas.class);

    private final AgentCaStore store;
    private volatile List<X509Certificate> trusted;

    TrustedAgentCas(AgentCaStore store) {
        this.store = requireNonNull(store, "store is null");
        this.trusted = List.copyOf(store.trusted());
    }

    void refresh() {
        try {
            trusted = List.copyOf(store.trusted());
        } catch (RuntimeException e) {
            LOG.warn("Trusted agent CAs not refreshed, keeping {}: {}", trusted.size(), e.toString());
        }
    }

    @Override
    public List<X509Certificate> get() {
        return trusted;
    }
}
