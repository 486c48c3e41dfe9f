package io.ctops.agent.identity;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns what Register and RenewCertificate return into {@link AgentCredentials}, checking them. */
final class IssuedCredentials {

    /** Assumed when the server names no expiry: short, so that the agent soon asks again. */
    static final Duration UNKNOWN_JWT_LIFETIME = Duration.ofHours(1);

    private IssuedCredentials() {
    }

    /**
     * @throws StatusRuntimeException (INTERNAL) when the server sent something unusable
     */
    static AgentCredentials of(String agentId, ByteString certificateDer, List<ByteString> chainDer, String jwt,
            Optional<Timestamp> jwtExpiresAt, PublicKey agentKey, Instant now) {
        try {
            X509Certificate certificate = Certificates.parse(certificateDer.toByteArray());
            List<X509Certificate> chain = new ArrayList<>();
            for (ByteString ca : chainDer) {
                chain.add(Certificates.parse(ca.toByteArray()));
            }
            Instant expiresAt = jwtExpiresAt.map(t -> Instant.ofEpochSecond(t.getSeconds(), t.getNanos()))
                    .orElse(now.plus(UNKNOWN_JWT_LIFETIME));
            AgentCredentials credentials = new AgentCredentials(agentId, jwt, expiresAt, now, certificate, chain);
            if (!credentials.certifies(agentKey)) {
                throw new IllegalArgumentException("the certificate is for another key");
            }
            return credentials;
        } catch (IllegalArgumentException e) {
            throw Status.INTERNAL.withDescription("the server sent unusable credentials: " + e.getMessage())
                    .asRuntimeException();
        }
    }
}
