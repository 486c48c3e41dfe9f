package io.ctops.core.ingest;

import static java.util.Objects.requireNonNull;

import io.ctops.core.pki.AgentIdentity;
import io.ctops.core.pki.VerifiedSignatures;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides at the TLS handshake whether an agent's client certificate is acceptable: it must chain
 * to a trusted agent CA (active or retired-but-unexpired), be within its validity, name an agent,
 * and not be revoked. A refusal here means the agent never reaches a service method.
 */
final class AgentTrustManager extends X509ExtendedTrustManager {

    /** Told of every refused certificate: the subject it claimed and why it was refused. */
    interface RefusalListener {
        void refused(String subject, String reason);
    }

    private final Supplier<List<X509Certificate>> trustedCas;
    private final RevocationList revocations;
    private final Clock clock;
    /** Basic constraints, key usage, extended key usage, subject alternative name. */
    static final Set<String> UNDERSTOOD_CRITICAL_EXTENSIONS = Set.of("2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17");

    private final RefusalListener refusals;
    // an agent reconnecting presents the same certificate: its signature is verified once, its dates every time
    private final VerifiedSignatures signatures;

    AgentTrustManager(Supplier<List<X509Certificate>> trustedCas, RevocationList revocations, Clock clock,
                      RefusalListener refusals, VerifiedSignatures signatures) {
        this.signatures = requireNonNull(signatures, "signatures is null");
        this.trustedCas = requireNonNull(trustedCas, "trustedCas is null");
        this.revocations = requireNonNull(revocations, "revocations is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.refusals = requireNonNull(refusals, "refusals is null");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            check(chain);
        } catch (CertificateException e) {
            String subject = chain == null || chain.length == 0 ? "none"
                    : AgentIdentity.agentIdOf(chain[0]).orElse(chain[0].getSubjectX500Principal().getName());
            refusals.refused(subject, e.getMessage());
            throw e;
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        X509Certificate leaf = chain[0];
        Date now = Date.from(clock.instant());
        try {
            X509Certificate issuer = trustedIssuerOf(leaf);
            leaf.checkValidity(now);
            issuer.checkValidity(now);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("client certificate not issued by the agent CA or not valid now");
        }
        if (AgentIdentity.agentIdOf(leaf).isEmpty()) {
            throw new CertificateException("client certificate names no agent");
        }
        if (revocations.isRevoked(leaf.getSerialNumber())) {
            throw new CertificateException("client certificate revoked");
        }
    }

    /**
     * The trusted CA that signed the certificate. What a PKIX validation of this one-certificate path checks,
     * without its JDK signature verification (a millisecond of CPU, a quarter of a reconnect storm's server
     * CPU even with each certificate verified once): the issuer's name, the signature with the CA's key
     * (BouncyCastle, remembered for the next handshake), no critical extension we do not understand; the
     * dates are checked by the caller every time.
     */
    private X509Certificate trustedIssuerOf(X509Certificate leaf) throws CertificateException {
        List<X509Certificate> cas = trustedCas.get();
        for (X509Certificate ca : cas) {
            if (signatures.knownSignedBy(leaf, ca)) {
                return ca; // validated before against this CA, still trusted: only the dates can have changed since
            }
        }
        Set<String> critical = leaf.getCriticalExtensionOIDs();
        if (critical != null && !UNDERSTOOD_CRITICAL_EXTENSIONS.containsAll(critical)) {
            throw new CertificateException("client certificate has critical extensions we do not understand");
        }
        for (X509Certificate ca : cas) {
            if (leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) && signatures.isSignedBy(leaf, ca)) {
                return ca;
            }
        }
        throw new CertificateException("client certificate not issued by the agent CA");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the ingest server does not verify servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trustedCas.get().toArray(X509Certificate[]::new);
    }
}
