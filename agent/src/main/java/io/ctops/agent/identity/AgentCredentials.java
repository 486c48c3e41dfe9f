package io.ctops.agent.identity;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What registration gave the agent: its id, the JWT it sends as {@code authorization: Bearer},
 * and the client certificate it presents over mutual TLS.
 *
 * @param agentId the id the server gave this agent
 * @param jwt the bearer token; never logged
 * @param jwtExpiresAt when the server stops accepting the JWT
 * @param jwtObtainedAt when the agent received it, to tell how far through its life it is
 * @param certificate the client certificate for the agent's key
 * @param caChain the CA certificates that issued it, as the server sent them
 */
public record AgentCredentials(String agentId, String jwt, Instant jwtExpiresAt, Instant jwtObtainedAt,
        X509Certificate certificate, List<X509Certificate> caChain) {

    /** A JWT this close to its expiry is not used for a new call. */
    static final Duration JWT_SAFETY_MARGIN = Duration.ofMinutes(1);

    public AgentCredentials {
        requireNonNull(agentId, "agentId is null");
        requireNonNull(jwt, "jwt is null");
        requireNonNull(jwtExpiresAt, "jwtExpiresAt is null");
        requireNonNull(jwtObtainedAt, "jwtObtainedAt is null");
        requireNonNull(certificate, "certificate is null");
        caChain = List.copyOf(caChain);
        if (agentId.isBlank() || jwt.isBlank()) {
            throw new IllegalArgumentException("agent id and JWT must not be blank");
        }
    }

    /** {@return whether the JWT can still be used for a new call} */
    public boolean jwtUsable(Instant now) {
        return now.isBefore(jwtExpiresAt.minus(JWT_SAFETY_MARGIN));
    }

    /** {@return whether the JWT is in the last third of its life (or past it) and should be replaced} */
    public boolean jwtRefreshDue(Instant now) {
        return !now.isBefore(lastThird(jwtObtainedAt, jwtExpiresAt)) || !jwtUsable(now);
    }

    /** {@return whether the certificate is in the last third of its validity (or past it)} */
    public boolean certificateRenewalDue(Instant now) {
        return !now.isBefore(lastThird(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()));
    }

    /** {@return whether the certificate is within its validity period} */
    public boolean certificateValid(Instant now) {
        return !now.isBefore(certificate.getNotBefore().toInstant()) && now.isBefore(certificate.getNotAfter().toInstant());
    }

    /** {@return whether the certificate is for this public key} */
    public boolean certifies(PublicKey key) {
        return certificate.getPublicKey().equals(key);
    }

    /** {@return these credentials with another client certificate (pushed by the server)} */
    public AgentCredentials withCertificate(X509Certificate replacement) {
        return new AgentCredentials(agentId, jwt, jwtExpiresAt, jwtObtainedAt, replacement, caChain);
    }

    private static Instant lastThird(Instant start, Instant end) {
        Duration life = Duration.between(start, end);
        return life.isNegative() || life.isZero() ? start : end.minus(life.dividedBy(3));
    }

    /** Never prints the JWT. */
    @Override
    public String toString() {
        return "AgentCredentials[agentId=" + agentId + ", jwtExpiresAt=" + jwtExpiresAt + ", certificate serial="
                + certificate.getSerialNumber().toString(16) + " valid until " + certificate.getNotAfter().toInstant() + "]";
    }
}
