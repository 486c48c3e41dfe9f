package io.ctops.core.identity;

import static io.ctops.db.jooq.Tables.STORED_CERTIFICATE;
import static java.util.Objects.requireNonNull;

import io.ctops.core.pki.CertificateAuthority;
import io.ctops.core.pki.Pem;
import io.ctops.core.security.SecretBox;
import io.ctops.db.jooq.tables.records.StoredCertificateRecord;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent CA kept in the database: created on first boot (or brought by the operator), its private
 * key sealed with the server secret. Retired CAs stay trusted until they expire, so agents whose
 * certificates an old CA signed keep working through a rotation.
 */
public final class AgentCaStore {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCaStore.class);
    static final String PURPOSE = "agent-ca";
    static final String KEY_CONTEXT = "agent-ca-key";
    static final Duration CA_VALIDITY = Duration.ofDays(3652);

    /** The CA that signs new agent certificates. */
    public record ActiveCa(UUID id, CertificateAuthority authority) {
    }

    private final DSLContext dsl;
    private final SecretBox secrets;
    private final Clock clock;

    public AgentCaStore(DSLContext dsl, SecretBox secrets, Clock clock) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The active CA: the operator's when one is given (the previous one is retired, still trusted),
     * else the stored one, else a new one generated now.
     */
    public ActiveCa loadOrCreate(Optional<CertificateAuthority> operatorCa) {
        Optional<StoredCertificateRecord> active = activeRecord();
        if (operatorCa.isPresent()) {
            String pem = Pem.write(operatorCa.get().certificate());
            if (active.isPresent() && active.get().getCertificatePem().equals(pem)) {
                return unseal(active.get());
            }
            return store(operatorCa.get(), "operator");
        }
        if (active.isPresent()) {
            return unseal(active.get());
        }
        try {
            return store(CertificateAuthority.generate("CT-Ops agent CA", CA_VALIDITY, clock), "generated");
        } catch (DataAccessException e) {
            // another server instance created it at the same moment: use theirs
            return activeRecord().map(this::unseal).orElseThrow(() -> e);
        }
    }

    /** Every CA certificate agents may chain to: the active one and retired ones not yet expired. */
    public List<X509Certificate> trusted() {
        return dsl.selectFrom(STORED_CERTIFICATE)
                .where(STORED_CERTIFICATE.PURPOSE.eq(PURPOSE),
                        STORED_CERTIFICATE.NOT_AFTER.gt(clock.instant().atOffset(ZoneOffset.UTC)))
                .orderBy(STORED_CERTIFICATE.ACTIVE.desc(), STORED_CERTIFICATE.CREATED_AT.desc())
                .fetch(r -> Pem.readCertificate(r.getCertificatePem()));
    }

    private Optional<StoredCertificateRecord> activeRecord() {
        return dsl.selectFrom(STORED_CERTIFICATE)
                .where(STORED_CERTIFICATE.PURPOSE.eq(PURPOSE), STORED_CERTIFICATE.ACTIVE.isTrue())
                .fetchOptional();
    }

    private ActiveCa store(CertificateAuthority ca, String origin) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.update(STORED_CERTIFICATE)
                    .set(STORED_CERTIFICATE.ACTIVE, false)
                    .set(STORED_CERTIFICATE.RETIRED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(STORED_CERTIFICATE.PURPOSE.eq(PURPOSE), STORED_CERTIFICATE.ACTIVE.isTrue())
                    .execute();
            UUID id = tx.insertInto(STORED_CERTIFICATE)
                    .set(STORED_CERTIFICATE.PURPOSE, PURPOSE)
                    .set(STORED_CERTIFICATE.ORIGIN, origin)
                    .set(STORED_CERTIFICATE.CERTIFICATE_PEM, Pem.write(ca.certificate()))
                    .set(STORED_CERTIFICATE.PRIVATE_KEY_SEALED, secrets.seal(Pem.write(ca.privateKey()).getBytes(StandardCharsets.UTF_8), KEY_CONTEXT))
                    .set(STORED_CERTIFICATE.NOT_AFTER, ca.certificate().getNotAfter().toInstant().atOffset(ZoneOffset.UTC))
                    .set(STORED_CERTIFICATE.ACTIVE, true)
                    .returning(STORED_CERTIFICATE.ID)
                    .fetchOne(STORED_CERTIFICATE.ID);
            LOG.info("Agent CA {} ({}): {}, valid until {}", id, origin,
                    ca.certificate().getSubjectX500Principal().getName(), ca.certificate().getNotAfter().toInstant());
            return new ActiveCa(id, ca);
        });
    }

    private ActiveCa unseal(StoredCertificateRecord row) {
        String keyPem = new String(secrets.open(row.getPrivateKeySealed(), KEY_CONTEXT), StandardCharsets.UTF_8);
        return new ActiveCa(row.getId(), new CertificateAuthority(Pem.readCertificate(row.getCertificatePem()),
                Pem.readPrivateKey(keyPem)));
    }
}
