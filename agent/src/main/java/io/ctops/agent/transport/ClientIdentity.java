package io.ctops.agent.transport;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import static java.util.Objects.requireNonNull;

/**
 * What the agent presents in the mutual TLS handshake.
 *
 * @param key the agent's private key
 * @param certificate its client certificate
 */
public record ClientIdentity(PrivateKey key, X509Certificate certificate) {

    public ClientIdentity {
        requireNonNull(key, "key is null");
        requireNonNull(certificate, "certificate is null");
    }

    @Override
    public String toString() {
        return "ClientIdentity[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
