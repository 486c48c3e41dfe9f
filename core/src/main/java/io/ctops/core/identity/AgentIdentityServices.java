package io.ctops.core.identity;

import static java.util.Objects.requireNonNull;

import io.ctops.core.audit.AuditLog;
import io.ctops.core.jwt.AgentJwts;
import io.ctops.core.pki.CertificateAuthority;
import io.ctops.core.security.SecretBox;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Agent identity, assembled once at start: the active CA (created or loaded), the JWT keys, and the
 * services the ingest port, the UI and the REST API use.
 */
public record AgentIdentityServices(AgentCaStore caStore, AgentCaStore.ActiveCa activeCa, Supplier<AgentJwts> jwts,
                                    EnrolmentTokenService tokens, AgentApprovalService approvals,
                                    RegistrationService registration, CertificateRenewal renewal, AuditLog audit) {

    public AgentIdentityServices {
        requireNonNull(caStore, "caStore is null");
        requireNonNull(activeCa, "activeCa is null");
        requireNonNull(jwts, "jwts is null");
        requireNonNull(tokens, "tokens is null");
        requireNonNull(approvals, "approvals is null");
        requireNonNull(registration, "registration is null");
        requireNonNull(renewal, "renewal is null");
        requireNonNull(audit, "audit is null");
    }

    public static AgentIdentityServices start(DSLContext dsl, SecretBox secrets, Clock clock,
                                              Optional<CertificateAuthority> operatorCa) {
        AuditLog audit = new AuditLog(dsl);
        AgentCaStore caStore = new AgentCaStore(dsl, secrets, clock);
        AgentCaStore.ActiveCa ca = caStore.loadOrCreate(operatorCa);
        AgentJwts jwts = new JwtKeyStore(dsl, secrets, clock).loadOrCreate();
        Supplier<AgentJwts> jwtSupplier = () -> jwts;
        AgentCertificates certificates = new AgentCertificates(ca, clock);
        EnrolmentTokenService tokens = new EnrolmentTokenService(dsl, audit, clock);
        return new AgentIdentityServices(caStore, ca, jwtSupplier, tokens,
                new AgentApprovalService(dsl, certificates, audit, clock),
                new RegistrationService(dsl, tokens, certificates, jwtSupplier, audit, clock),
                new CertificateRenewal(dsl, certificates, jwtSupplier, audit), audit);
    }
}
