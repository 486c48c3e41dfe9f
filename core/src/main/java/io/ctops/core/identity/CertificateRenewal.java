package io.ctops.core.identity;

import static io.ctops.db.jooq.Tables.AGENT;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import io.ctops.core.audit.AuditLog;
import io.ctops.core.jwt.AgentJwts;
import io.ctops.core.jwt.IssuedJwt;
import io.ctops.core.pki.CsrValidator;
import io.ctops.core.pki.InvalidCsrException;
import io.ctops.core.pki.Pem;
import io.ctops.db.jooq.tables.records.AgentRecord;
import io.ctops.proto.agent.v1.RenewCertificateResponse;
import java.security.cert.X509Certificate;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/** RenewCertificate: an authenticated, active agent exchanges a fresh CSR (same key) for a new certificate. */
public final class CertificateRenewal {

    private final DSLContext dsl;
    private final AgentCertificates certificates;
    private final Supplier<AgentJwts> jwts;
    private final AuditLog audit;

    public CertificateRenewal(DSLContext dsl, AgentCertificates certificates, Supplier<AgentJwts> jwts, AuditLog audit) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.certificates = requireNonNull(certificates, "certificates is null");
        this.jwts = requireNonNull(jwts, "jwts is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    public RenewCertificateResponse renew(UUID agentId, byte[] csrDer) {
        try {
            RenewCertificateResponse response = dsl.transactionResult(cfg -> {
                DSLContext tx = cfg.dsl();
                AgentRecord agent = tx.selectFrom(AGENT).where(AGENT.ID.eq(agentId)).forUpdate().fetchOptional()
                        .orElseThrow(() -> new IdentityRefusal(IdentityRefusal.Reason.NOT_FOUND, "no such agent"));
                if (!"active".equals(agent.getStatus())) {
                    throw new IdentityRefusal(IdentityRefusal.Reason.PERMISSION_DENIED, "agent is " + agent.getStatus());
                }
                var key = Pem.readPublicKey(agent.getPublicKeyPem());
                try {
                    CsrValidator.validate(csrDer, key);
                } catch (InvalidCsrException e) {
                    throw new IdentityRefusal(IdentityRefusal.Reason.INVALID_ARGUMENT, e.getMessage());
                }
                X509Certificate certificate = certificates.issue(tx, agent.getOrgId(), agentId, key);
                IssuedJwt jwt = jwts.get().issue(agentId.toString());
                RenewCertificateResponse.Builder builder = RenewCertificateResponse.newBuilder()
                        .setClientCertificateDer(RegistrationService.der(certificate))
                        .setJwt(jwt.token())
                        .setJwtExpiresAt(Timestamp.newBuilder().setSeconds(jwt.expiresAt().getEpochSecond()));
                certificates.caChain().forEach(ca -> builder.addCaChainDer(RegistrationService.der(ca)));
                return builder.build();
            });
            audit.record(null, "agent:" + agentId, "agent.renew-certificate", agentId.toString(), AuditLog.Outcome.OK, null);
            return response;
        } catch (IdentityRefusal refusal) {
            audit.record(null, "agent:" + agentId, "agent.renew-certificate", agentId.toString(), AuditLog.Outcome.REFUSED,
                    refusal.getMessage());
            throw refusal;
        }
    }
}
