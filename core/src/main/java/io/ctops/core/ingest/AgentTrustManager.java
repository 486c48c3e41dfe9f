package io.ctops.core.ingest;

import static java.util.Objects.requireNonNull;

import io.ctops.core.pki.AgentIdentity;
import io.ctops.core.pki.VerifiedSignatures;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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
    private final RefusalListener refusals;
    // an agent reconnecting presents the same certificate: its path is validated once, its dates every time
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
        List<X509Certificate> cas = trustedCas.get();
        try {
            Optional<X509Certificate> knownIssuer = cas.stream().filter(ca -> signatures.knownSignedBy(leaf, ca)).findFirst();
            if (knownIssuer.isPresent()) {
                // validated before against this CA, still trusted: only the dates can have changed since
                leaf.checkValidity(now);
                knownIssuer.get().checkValidity(now);
            } else {
                Set<TrustAnchor> anchors = cas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
                PKIXParameters parameters = new PKIXParameters(anchors);
                parameters.setRevocationEnabled(false); // revocation is ours: the database list below
                parameters.setDate(now);
                CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
                PKIXCertPathValidatorResult valid = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                        .validate(path, parameters);
                signatures.remember(leaf, valid.getTrustAnchor().getTrustedCert());
            }
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
