package io.ctops.core.jwt;

import static java.util.Objects.requireNonNull;

import io.ctops.core.pki.AgentIdentity;
import io.ctops.core.security.Tokens;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * Issues and verifies the RS256 JWTs agents present to ingest ({@code sub} = agent id, 24 h).
 *
 * <p>During a key rotation the retired keys still verify tokens issued before it and stay in the
 * JWKS, so nothing in flight is rejected; only the current key signs. Time comes from the
 * {@link Clock}, for both issuing and checking expiry. Thread-safe.
 */
public final class AgentJwts {

    /** The {@code iss} of every agent token. */
    public static final String ISSUER = "ctops-ingest";
    /** Lifetime of a token. */
    public static final Duration TTL = Duration.ofHours(24);

    // Tolerates small drift between ingest nodes that verify tokens another node issued.
    private static final int ALLOWED_CLOCK_SKEW_SECONDS = 30;

    private final Clock clock;
    private final JwtSigningKey signingKey;
    private final Map<String, RSAPublicKey> verificationKeys;
    private final String jwksJson;

    public AgentJwts(Clock clock, JwtSigningKey signingKey, List<JwtSigningKey> retiredKeys) {
        this.clock = requireNonNull(clock, "clock is null");
        this.signingKey = requireNonNull(signingKey, "signingKey is null");
        requireNonNull(retiredKeys, "retiredKeys is null");
        List<JwtSigningKey> all = new ArrayList<>();
        all.add(signingKey);
        all.addAll(retiredKeys);
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        for (JwtSigningKey key : all) {
            requireNonNull(key, "retiredKeys contains null");
            if (keys.putIfAbsent(key.keyId(), key.publicKey()) != null) {
                throw new IllegalArgumentException("duplicate JWT key id " + key.keyId());
            }
        }
        this.verificationKeys = Map.copyOf(keys);
        this.jwksJson = toJwks(all);
    }

    /** A new token for {@code agentId}, signed with the current key. */
    public IssuedJwt issue(String agentId) {
        requireNonNull(agentId, "agentId is null");
        if (!AgentIdentity.isValidAgentId(agentId)) {
            throw new IllegalArgumentException("agent id must match [A-Za-z0-9-]{1,64}");
        }
        // JWT times are whole seconds; truncating first makes expiresAt equal the exp claim.
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expiresAt = now.plus(TTL);
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(agentId);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        claims.setJwtId(Tokens.random("", 16));

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(signingKey.keyId());
        jws.setHeader("typ", "JWT");
        jws.setKey(signingKey.privateKey());
        try {
            return new IssuedJwt(jws.getCompactSerialization(), expiresAt);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign an agent JWT", e);
        }
    }

    /**
     * The agent id ({@code sub}) of a valid token.
     *
     * @throws JwtRejectedException with a fixed reason if the token is not acceptable
     */
    public String verify(String token) {
        requireNonNull(token, "token is null");
        // The header is read first only to pick the key; nothing in it is trusted until the signature verifies.
        JsonWebSignature header = new JsonWebSignature();
        try {
            header.setCompactSerialization(token);
        } catch (JoseException e) {
            throw new JwtRejectedException("token malformed");
        }
        String keyId = header.getKeyIdHeaderValue();
        RSAPublicKey key = keyId == null ? null : verificationKeys.get(keyId);
        if (key == null) {
            throw new JwtRejectedException("token signed by an unknown key");
        }
        // Only RS256: refuses "none" and the HS256-with-the-public-key confusion.
        if (!AlgorithmIdentifiers.RSA_USING_SHA256.equals(header.getAlgorithmHeaderValue())) {
            throw new JwtRejectedException("token signature invalid");
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .setAllowedClockSkewInSeconds(ALLOWED_CLOCK_SKEW_SECONDS)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setExpectedIssuer(ISSUER)
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .build();
        try {
            return consumer.processToClaims(token).getSubject();
        } catch (InvalidJwtException e) {
            throw new JwtRejectedException(reason(e));
        } catch (MalformedClaimException e) {
            throw new JwtRejectedException("token malformed");
        }
    }

    /** The JWK Set served at {@code /.well-known/jwks.json}: the current key first, then retired keys. */
    public String jwksJson() {
        return jwksJson;
    }

    // Signature is checked before claims by jose4j, so an expired forgery reports the signature.
    private static String reason(InvalidJwtException e) {
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "token signature invalid";
        }
        if (e.hasExpired()) {
            return "token expired";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "token issuer wrong";
        }
        return "token malformed";
    }

    private static String toJwks(List<JwtSigningKey> keys) {
        JsonWebKeySet set = new JsonWebKeySet();
        for (JwtSigningKey key : keys) {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key.publicKey());
            jwk.setKeyId(key.keyId());
            jwk.setUse(Use.SIGNATURE);
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            set.addJsonWebKey(jwk);
        }
        return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    @Override
    public String toString() {
        return "AgentJwts[signingKeyId=" + signingKey.keyId() + ", keys=" + verificationKeys.keySet() + "]";
    }
}
