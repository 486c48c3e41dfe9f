package io.ctops.core.identity;

import static io.ctops.db.jooq.Tables.AGENT;
import static java.util.Objects.requireNonNull;

import io.ctops.core.audit.AuditLog;
import io.ctops.core.pki.Pem;
import io.ctops.core.pki.VerifiedSignatures;
import io.ctops.db.jooq.tables.records.AgentRecord;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * After the agent CA changed, agents still present certificates of the old (retired, still trusted)
 * CA. When such an agent opens its heartbeat stream, it is handed a certificate from the active CA
 * for its registered key, which it switches to.
 */
public final class CertificateRotation {

    private final DSLContext dsl;
    private final AgentCertificates certificates;
    private final AgentCaStore.ActiveCa activeCa;
    private final AuditLog audit;
    // the handshake verified the certificate already and noted against which CA: no second verification
    private final VerifiedSignatures signatures;

    public CertificateRotation(DSLContext dsl, AgentCertificates certificates, AgentCaStore.ActiveCa activeCa, AuditLog audit,
                               VerifiedSignatures signatures) {
        this.signatures = requireNonNull(signatures, "signatures is null");
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.certificates = requireNonNull(certificates, "certificates is null");
        this.activeCa = requireNonNull(activeCa, "activeCa is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** A certificate from the active CA when the presented one is from another CA; empty otherwise. */
    public Optional<X509Certificate> replacementFor(UUID agentId, X509Certificate presented) {
        if (issuedByActiveCa(presented)) {
            return Optional.empty();
        }
        Optional<X509Certificate> replacement = dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            AgentRecord agent = tx.selectFrom(AGENT).where(AGENT.ID.eq(agentId)).forUpdate().fetchOptional().orElse(null);
            if (agent == null || !"active".equals(agent.getStatus())) {
                return Optional.<X509Certificate>empty();
            }
            return Optional.of(certificates.reusable(tx, agentId)
                    .orElseGet(() -> certificates.issue(tx, agent.getOrgId(), agentId, Pem.readPublicKey(agent.getPublicKeyPem()))));
        });
        replacement.ifPresent(c -> audit.record(null, "server", "agent.certificate-rotated", agentId.toString(),
                AuditLog.Outcome.OK, "new certificate from the active agent CA pushed on the heartbeat stream"));
        return replacement;
    }

    private boolean issuedByActiveCa(X509Certificate presented) {
        return signatures.isSignedBy(presented, activeCa.authority().certificate());
    }
}
