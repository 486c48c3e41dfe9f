package io.ctops.core.identity;

import static io.ctops.db.jooq.Tables.AGENT;
import static java.util.Objects.requireNonNull;

import io.ctops.core.audit.AuditLog;
import io.ctops.core.pki.CsrValidator;
import io.ctops.core.pki.InvalidCsrException;
import io.ctops.core.pki.Pem;
import io.ctops.db.jooq.tables.records.AgentRecord;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Approves pending agents (signing the CSR they queued) and rejects or revokes agents (revoking
 * every certificate they hold). Used by the UI and the REST API; every decision is audited.
 */
public final class AgentApprovalService {

    private final DSLContext dsl;
    private final AgentCertificates certificates;
    private final AuditLog audit;
    private final Clock clock;

    public AgentApprovalService(DSLContext dsl, AgentCertificates certificates, AuditLog audit, Clock clock) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.certificates = requireNonNull(certificates, "certificates is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Makes a pending agent active; it collects its certificate and JWT at its next Register poll. */
    public void approve(UUID orgId, UUID agentId, String actor) {
        decide(orgId, agentId, actor, "agent.approve", (tx, agent) -> {
            if (!"pending".equals(agent.getStatus())) {
                throw new IdentityRefusal(IdentityRefusal.Reason.FAILED_PRECONDITION, "agent is " + agent.getStatus() + ", not pending");
            }
            if (agent.getPendingCsr() == null) {
                throw new IdentityRefusal(IdentityRefusal.Reason.FAILED_PRECONDITION, "agent has no certificate request queued");
            }
            var key = Pem.readPublicKey(agent.getPublicKeyPem());
            try {
                CsrValidator.validate(agent.getPendingCsr(), key);
            } catch (InvalidCsrException e) {
                throw new IdentityRefusal(IdentityRefusal.Reason.FAILED_PRECONDITION, "queued " + e.getMessage());
            }
            certificates.issue(tx, orgId, agentId, key);
            tx.update(AGENT).set(AGENT.STATUS, "active").set(AGENT.PENDING_CSR, (byte[]) null)
                    .set(AGENT.APPROVED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(AGENT.ID.eq(agentId), AGENT.ORG_ID.eq(orgId)).execute();
            RegistrationService.history(tx, agent, "pending", "active", "approved by " + actor);
        });
    }

    /** Refuses a pending agent, or revokes an active one; its certificates are revoked at once. */
    public void revoke(UUID orgId, UUID agentId, String actor, String reason) {
        String why = reason == null || reason.isBlank() ? "revoked by " + actor : reason.strip() + " (" + actor + ")";
        decide(orgId, agentId, actor, "agent.revoke", (tx, agent) -> {
            if ("revoked".equals(agent.getStatus())) {
                return;
            }
            int revoked = certificates.revokeAll(tx, agentId, why);
            tx.update(AGENT).set(AGENT.STATUS, "revoked").set(AGENT.PENDING_CSR, (byte[]) null)
                    .set(AGENT.REVOKED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(AGENT.ID.eq(agentId), AGENT.ORG_ID.eq(orgId)).execute();
            RegistrationService.history(tx, agent, agent.getStatus(), "revoked", why + "; " + revoked + " certificate(s) revoked");
        });
    }

    private interface Decision {
        void apply(DSLContext tx, AgentRecord agent);
    }

    private void decide(UUID orgId, UUID agentId, String actor, String action, Decision decision) {
        requireNonNull(orgId, "orgId is null");
        requireNonNull(agentId, "agentId is null");
        try {
            dsl.transaction(cfg -> {
                DSLContext tx = cfg.dsl();
                AgentRecord agent = tx.selectFrom(AGENT).where(AGENT.ID.eq(agentId), AGENT.ORG_ID.eq(orgId))
                        .forUpdate().fetchOptional()
                        .orElseThrow(() -> new IdentityRefusal(IdentityRefusal.Reason.NOT_FOUND, "no such agent"));
                decision.apply(tx, agent);
            });
            audit.record(orgId, actor, action, agentId.toString(), AuditLog.Outcome.OK, null);
        } catch (IdentityRefusal refusal) {
            audit.record(orgId, actor, action, agentId.toString(), AuditLog.Outcome.REFUSED, refusal.getMessage());
            throw refusal;
        }
    }
}
