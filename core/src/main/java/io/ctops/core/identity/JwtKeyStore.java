package io.ctops.core.identity;

import static io.ctops.db.jooq.Tables.JWT_SIGNING_KEY;
import static java.util.Objects.requireNonNull;

import io.ctops.core.jwt.AgentJwts;
import io.ctops.core.jwt.JwtSigningKey;
import io.ctops.core.security.SecretBox;
import io.ctops.db.jooq.tables.records.JwtSigningKeyRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWT signing keys every ingest instance shares: generated on first boot, sealed in the database.
 * A key retired less than a token lifetime ago still verifies and is still published.
 */
public final class JwtKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(JwtKeyStore.class);
    static final String KEY_CONTEXT = "jwt-signing-key";
    private static final Duration RETIRED_KEY_GRACE = Duration.ofHours(25);

    private final DSLContext dsl;
    private final SecretBox secrets;
    private final Clock clock;

    public JwtKeyStore(DSLContext dsl, SecretBox secrets, Clock clock) {
        this.dsl = requireNonNull(dsl, "dsl is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public AgentJwts loadOrCreate() {
        JwtSigningKeyRecord active = dsl.selectFrom(JWT_SIGNING_KEY).where(JWT_SIGNING_KEY.ACTIVE.isTrue()).fetchOne();
        if (active == null) {
            try {
                JwtSigningKey key = JwtSigningKey.generate();
                dsl.insertInto(JWT_SIGNING_KEY)
                        .set(JWT_SIGNING_KEY.KEY_ID, key.keyId())
                        .set(JWT_SIGNING_KEY.PRIVATE_KEY_SEALED, secrets.seal(key.privateKeyPkcs8(), KEY_CONTEXT))
                        .set(JWT_SIGNING_KEY.PUBLIC_KEY_DER, key.publicKey().getEncoded())
                        .set(JWT_SIGNING_KEY.ACTIVE, true)
                        .execute();
                LOG.info("Generated JWT signing key {}", key.keyId());
            } catch (DataAccessException e) {
                LOG.info("Another instance created the JWT signing key first; using it");
            }
            active = dsl.selectFrom(JWT_SIGNING_KEY).where(JWT_SIGNING_KEY.ACTIVE.isTrue()).fetchSingle();
        }
        List<JwtSigningKey> retired = dsl.selectFrom(JWT_SIGNING_KEY)
                .where(JWT_SIGNING_KEY.ACTIVE.isFalse(),
                        JWT_SIGNING_KEY.RETIRED_AT.gt(clock.instant().minus(RETIRED_KEY_GRACE).atOffset(ZoneOffset.UTC)))
                .fetch(this::unseal);
        return new AgentJwts(clock, unseal(active), retired);
    }

    /**
     * Retires the active signing key and makes a new one active. Tokens signed with the retired key
     * keep verifying (and its public key stays in the JWKS) for a token lifetime.
     */
    public AgentJwts rotate() {
        JwtSigningKey key = JwtSigningKey.generate();
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.update(JWT_SIGNING_KEY).set(JWT_SIGNING_KEY.ACTIVE, false)
                    .set(JWT_SIGNING_KEY.RETIRED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(JWT_SIGNING_KEY.ACTIVE.isTrue()).execute();
            tx.insertInto(JWT_SIGNING_KEY)
                    .set(JWT_SIGNING_KEY.KEY_ID, key.keyId())
                    .set(JWT_SIGNING_KEY.PRIVATE_KEY_SEALED, secrets.seal(key.privateKeyPkcs8(), KEY_CONTEXT))
                    .set(JWT_SIGNING_KEY.PUBLIC_KEY_DER, key.publicKey().getEncoded())
                    .set(JWT_SIGNING_KEY.ACTIVE, true)
                    .execute();
        });
        LOG.info("Rotated the JWT signing key: {} is now active", key.keyId());
        return loadOrCreate();
    }

    private JwtSigningKey unseal(JwtSigningKeyRecord row) {
        return JwtSigningKey.of(row.getKeyId(), secrets.open(row.getPrivateKeySealed(), KEY_CONTEXT), row.getPublicKeyDer());
    }
}
