package io.ctops.core.identity;

import static io.ctops.db.jooq.Tables.ISSUED_CERTIFICATE;
import static java.util.Objects.requireNonNull;

import io.ctops.core.pki.SerialNumbers;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Issues agent client certificates with the active CA, records them, and revokes them. */
public final class AgentCertificates {

    /** Client certificates last 90 days; agents renew in the last third. */
    public static final Duration VALIDITY = Duration.ofDays(90);

    private final AgentCaStore.ActiveCa ca;
    private final Clock clock;

    public AgentCertificates(AgentCaStore.ActiveCa ca, Clock clock) {
        this.ca = requireNonNull(ca, "ca is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Signs a certificate for the agent's key and records it. */
    public X509Certificate issue(DSLContext tx, UUID orgId, UUID agentId, PublicKey agentKey) {
        X509Certificate certificate = ca.authority().issueAgentCertificate(agentKey, agentId.toString(), VALIDITY, clock);
        try {
            tx.insertInto(ISSUED_CERTIFICATE)
                    .set(ISSUED_CERTIFICATE.SERIAL, SerialNumbers.hex(certificate.getSerialNumber()))
                    .set(ISSUED_CERTIFICATE.ORG_ID, orgId)
                    .set(ISSUED_CERTIFICATE.AGENT_ID, agentId)
                    .set(ISSUED_CERTIFICATE.CA_ID, ca.id())
                    .set(ISSUED_CERTIFICATE.CERTIFICATE_DER, certificate.getEncoded())
                    .set(ISSUED_CERTIFICATE.NOT_BEFORE, certificate.getNotBefore().toInstant().atOffset(ZoneOffset.UTC))
                    .set(ISSUED_CERTIFICATE.NOT_AFTER, certificate.getNotAfter().toInstant().atOffset(ZoneOffset.UTC))
                    .execute();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("issued certificate cannot be encoded", e);
        }
        return certificate;
    }

    /**
     * The agent's newest certificate that is not revoked and not yet in the last third of its life
     * (an older one should be replaced rather than handed out again).
     */
    public Optional<X509Certificate> reusable(DSLContext tx, UUID agentId) {
        Instant renewFrom = clock.instant().plus(VALIDITY.dividedBy(3));
        return tx.select(ISSUED_CERTIFICATE.CERTIFICATE_DER).from(ISSUED_CERTIFICATE)
                .where(ISSUED_CERTIFICATE.AGENT_ID.eq(agentId), ISSUED_CERTIFICATE.REVOKED_AT.isNull(),
                        ISSUED_CERTIFICATE.CA_ID.eq(ca.id()),
                        ISSUED_CERTIFICATE.NOT_AFTER.gt(renewFrom.atOffset(ZoneOffset.UTC)))
                .orderBy(ISSUED_CERTIFICATE.NOT_AFTER.desc()).limit(1)
                .fetchOptional(r -> parse(r.value1()));
    }

    /** Revokes every certificate of the agent that is not revoked yet. */
    public int revokeAll(DSLContext tx, UUID agentId, String reason) {
        return tx.update(ISSUED_CERTIFICATE)
                .set(ISSUED_CERTIFICATE.REVOKED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .set(ISSUED_CERTIFICATE.REVOKE_REASON, reason)
                .where(ISSUED_CERTIFICATE.AGENT_ID.eq(agentId), ISSUED_CERTIFICATE.REVOKED_AT.isNull())
                .execute();
    }

    /** The CA chain agents should trust, active CA first. */
    public List<X509Certificate> caChain() {
        return List.of(ca.authority().certificate());
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("stored certificate cannot be parsed", e);
        }
    }
}
