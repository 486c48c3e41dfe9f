package io.ctops.core.jwt;

import io.ctops.core.testing.SettableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

class AgentJwtsTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final JwtSigningKey CURRENT = JwtSigningKey.generate();
    private static final JwtSigningKey RETIRED = JwtSigningKey.generate();

    private final SettableClock clock = new SettableClock(START);
    private final AgentJwts jwts = new AgentJwts(clock, CURRENT, List.of());

    @Test
    void issuedTokenVerifiesToItsAgent() {
        IssuedJwt issued = jwts.issue("agent-7");
        assertEquals("agent-7", jwts.verify(issued.token()));
        assertEquals(START.plus(Duration.ofHours(24)), issued.expiresAt());
    }

    @Test
    void tokenCarriesTheAgreedHeaderAndClaims() throws Exception {
        IssuedJwt issued = jwts.issue("agent-7");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(issued.token());
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
        assertEquals(CURRENT.keyId(), jws.getKeyIdHeaderValue());
        JwtClaims claims = JwtClaims.parse(jws.getUnverifiedPayload());
        assertEquals("ctops-ingest", claims.getIssuer());
        assertEquals("agent-7", claims.getSubject());
        assertEquals(START.getEpochSecond(), claims.getIssuedAt().getValue());
        assertEquals(START.plus(Duration.ofHours(24)).getEpochSecond(), claims.getExpirationTime().getValue());
        assertTrue(claims.getJwtId().length() >= 16);
        assertNotEquals(claims.getJwtId(), JwtClaims.parse(unverifiedPayload(jwts.issue("agent-7").token())).getJwtId());
    }

    @Test
    void tokenIsValidUntilItExpires() {
        String token = jwts.issue("agent-7").token();
        clock.advance(Duration.ofHours(23));
        assertEquals("agent-7", jwts.verify(token));
        clock.advance(Duration.ofHours(2));
        assertRejected("token expired", token);
    }

    @Test
    void tokenFromAnUnknownKeyIsRejected() {
        AgentJwts stranger = new AgentJwts(clock, JwtSigningKey.generate(), List.of());
        assertRejected("token signed by an unknown key", stranger.issue("agent-7").token());
    }

    @Test
    void tokenWithoutKeyIdIsRejected() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims("ctops-ingest", "agent-7").toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKey(CURRENT.privateKey());
        assertRejected("token signed by an unknown key", jws.getCompactSerialization());
    }

    @Test
    void tamperedSignatureIsRejected() {
        String token = jwts.issue("agent-7").token();
        int at = token.lastIndexOf('.') + 10;
        char replacement = token.charAt(at) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, at) + replacement + token.substring(at + 1);
        assertRejected("token signature invalid", tampered);
    }

    @Test
    void tamperedPayloadIsRejected() {
        String[] parts = jwts.issue("agent-7").token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("agent-7", "agent-8");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertRejected("token signature invalid", forged);
    }

    @Test
    void anotherKeyUnderAKnownKeyIdIsRejected() throws Exception {
        JwtSigningKey other = JwtSigningKey.generate();
        JwtSigningKey impostor = new JwtSigningKey(CURRENT.keyId(), other.privateKey(), other.publicKey());
        assertRejected("token signature invalid", sign(impostor, claims("ctops-ingest", "agent-7")));
    }

    @Test
    void hmacSignedWithThePublicKeyIsRejected() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims("ctops-ingest", "agent-7").toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(CURRENT.keyId());
        jws.setKey(new HmacKey(CURRENT.publicKey().getEncoded()));
        assertRejected("token signature invalid", jws.getCompactSerialization());
    }

    @Test
    void wrongIssuerIsRejected() throws Exception {
        assertRejected("token issuer wrong", sign(CURRENT, claims("someone-else", "agent-7")));
    }

    @Test
    void missingSubjectIsMalformed() throws Exception {
        JwtClaims claims = claims("ctops-ingest", "agent-7");
        claims.unsetClaim("sub");
        assertRejected("token malformed", sign(CURRENT, claims));
    }

    @Test
    void garbageIsMalformed() {
        assertRejected("token malformed", "");
        assertRejected("token malformed", "not-a-jwt");
        assertRejected("token malformed", "a.b.c");
    }

    @Test
    void retiredKeyStillVerifiesDuringRotation() {
        AgentJwts before = new AgentJwts(clock, RETIRED, List.of());
        String oldToken = before.issue("agent-7").token();

        AgentJwts rotated = new AgentJwts(clock, CURRENT, List.of(RETIRED));
        assertEquals("agent-7", rotated.verify(oldToken));
        assertEquals(CURRENT.keyId(), keyIdOf(rotated.issue("agent-7").token()));

        AgentJwts afterRotation = new AgentJwts(clock, CURRENT, List.of());
        assertRejected(afterRotation, "token signed by an unknown key", oldToken);
    }

    @Test
    void jwksListsCurrentThenRetiredPublicKeys() throws Exception {
        AgentJwts rotated = new AgentJwts(clock, CURRENT, List.of(RETIRED));
        JsonWebKeySet set = new JsonWebKeySet(rotated.jwksJson());
        List<JsonWebKey> keys = set.getJsonWebKeys();
        assertEquals(List.of(CURRENT.keyId(), RETIRED.keyId()), keys.stream().map(JsonWebKey::getKeyId).toList());
        for (JsonWebKey key : keys) {
            assertEquals("RSA", key.getKeyType());
            assertEquals("sig", key.getUse());
            assertEquals("RS256", key.getAlgorithm());
        }
        assertEquals(CURRENT.publicKey(), ((RsaJsonWebKey) keys.get(0)).getRsaPublicKey());
        assertEquals(RETIRED.publicKey(), ((RsaJsonWebKey) keys.get(1)).getRsaPublicKey());
        assertFalse(rotated.jwksJson().contains("\"d\""), "private exponent published");
        assertFalse(rotated.jwksJson().contains("\"p\""), "private prime published");
    }

    @Test
    void publishedKeyVerifiesAnIssuedToken() throws Exception {
        JsonWebKeySet set = new JsonWebKeySet(jwts.jwksJson());
        String token = jwts.issue("agent-7").token();
        JsonWebKey key = set.findJsonWebKeys(keyIdOf(token), "RSA", "sig", "RS256").get(0);
        JwtClaims claims = new JwtConsumerBuilder()
                .setEvaluationTime(NumericDate.fromSeconds(START.getEpochSecond()))
                .setExpectedIssuer("ctops-ingest")
                .setVerificationKey(key.getKey())
                .build()
                .processToClaims(token);
        assertEquals("agent-7", claims.getSubject());
    }

    @Test
    void duplicateKeyIdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AgentJwts(clock, CURRENT, List.of(CURRENT)));
    }

    @Test
    void invalidAgentIdIsNotIssued() {
        assertThrows(IllegalArgumentException.class, () -> jwts.issue("a/b"));
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        IssuedJwt issued = jwts.issue("agent-7");
        assertFalse(issued.toString().contains(issued.token()));
        assertFalse(jwts.toString().contains(CURRENT.privateKey().getPrivateExponent().toString(16)));
    }

    private void assertRejected(String reason, String token) {
        assertRejected(jwts, reason, token);
    }

    private static void assertRejected(AgentJwts verifier, String reason, String token) {
        JwtRejectedException e = assertThrows(JwtRejectedException.class, () -> verifier.verify(token));
        assertEquals(reason, e.getMessage());
    }

    private static JwtClaims claims(String issuer, String subject) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(START.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(START.plus(Duration.ofHours(1)).getEpochSecond()));
        return claims;
    }

    private static String sign(JwtSigningKey key, JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(key.keyId());
        jws.setKey(key.privateKey());
        return jws.getCompactSerialization();
    }

    private static String keyIdOf(String token) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(token);
            return jws.getKeyIdHeaderValue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String unverifiedPayload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
