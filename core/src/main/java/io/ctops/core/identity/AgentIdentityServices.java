package io.ctops.core.identity;

import static java.util.Objects.requireNonNull;

import io.ctops.core.audit.AuditLog;
import io.ctops.core.jwt.AgentJwts;
import io.ctops.core.pki.CertificateAuthority;
import io.ctops.core.pki.VerifiedSignatures;
import io.ctops.core.security.SecretBox;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Agent identity, assembled once at start: the active CA (created or loaded), the JWT keys, and the
 * services the ingest port, the UI and the REST API use.
 */
public record AgentIdentityServices(AgentCaStore caStore, AgentCaStore.ActiveCa activeCa, JwtKeys jwtKeys,
                                    EnrolmentTokenService tokens, AgentApprovalService approvals,
                                    RegistrationService registration, CertificateRenewal renewal,
                                    CertificateRotation rotation, AuditLog audit, VerifiedSignatures signatures) {

    /**
     * The JWT keys in use, shared by every instance through the database: reloaded periodically so
     * a rotation made by one instance reaches the others.
     */
    public static final class JwtKeys implements Supplier<AgentJwts> {
        private final JwtKeyStore store;
        private final AtomicReference<AgentJwts> current;

        JwtKeys(JwtKeyStore store) {
            this.store = store;
            this.current = new AtomicReference<>(store.loadOrCreate());
        }

        @Override
        public AgentJwts get() {
            return current.get();
        }

        /** Re-reads the keys from the database. */
        public void reload() {
            current.set(store.loadOrCreate());
        }

        /** Retires the signing key and starts signing with a new one. */
        public void rotate() {
            current.set(store.rotate());
        }
    }

    /** The JWTs of the current keys. */
    public Supplier<AgentJwts> jwts() {
        return jwtKeys;
    }

    public AgentIdentityServices {
        requireNonNull(caStore, "caStore is null");
        requireNonNull(activeCa, "activeCa is null");
        requireNonNull(jwtKeys, "jwtKeys is null");
        requireNonNull(rotation, "rotation is null");
        requireNonNull(tokens, "tokens is null");
        requireNonNull(approvals, "approvals is null");
        requireNonNull(registration, "registration is null");
        requireNonNull(renewal, "renewal is null");
        requireNonNull(audit, "audit is null");
        requireNonNull(signatures, "signatures is null");
    }

    public static AgentIdentityServices start(DSLContext dsl, SecretBox secrets, Clock clock,
                                              Optional<CertificateAuthority> operatorCa) {
        AuditLog audit = new AuditLog(dsl);
        AgentCaStore caStore = new AgentCaStore(dsl, secrets, clock);
        AgentCaStore.ActiveCa ca = caStore.loadOrCreate(operatorCa);
        JwtKeys jwtKeys = new JwtKeys(new JwtKeyStore(dsl, secrets, clock));
        AgentCertificates certificates = new AgentCertificates(ca, clock);
        EnrolmentTokenService tokens = new EnrolmentTokenService(dsl, audit, clock);
        // shared by the handshake and the rotation check: a reconnecting agent's certificate is verified once
        VerifiedSignatures signatures = new VerifiedSignatures();
        return new AgentIdentityServices(caStore, ca, jwtKeys, tokens,
                new AgentApprovalService(dsl, certificates, audit, clock),
                new RegistrationService(dsl, tokens, certificates, jwtKeys, audit, clock),
                new CertificateRenewal(dsl, certificates, jwtKeys, audit),
                new CertificateRotation(dsl, certificates, ca, audit, signatures), audit, signatures);
    }
}
