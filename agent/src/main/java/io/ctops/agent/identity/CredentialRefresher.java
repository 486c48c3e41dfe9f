package io.ctops.agent.identity;

import com.google.protobuf.ByteString;
import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.transport.BearerToken;
import io.ctops.agent.transport.IngestFailure;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.RenewCertificateRequest;
import io.ctops.proto.agent.v1.RenewCertificateResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the credentials fresh while the agent runs: renews the client certificate in the last third
 * of its validity (RenewCertificate, which also brings a new JWT), and replaces a JWT in the last
 * third of its life by registering again with the same key, falling back to RenewCertificate when
 * the enrolment token is no longer accepted. A failed attempt is retried after a pause.
 */
public final class CredentialRefresher {

    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(CredentialRefresher.class);

    private final AgentIdentity identity;
    private final Registrar registrar;
    private final Clock clock;
    private Instant nextAttempt = Instant.MIN;

    public CredentialRefresher(AgentIdentity identity, Registrar registrar, Clock clock) {
        this.identity = requireNonNull(identity, "identity is null");
        this.registrar = requireNonNull(registrar, "registrar is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@return whether the certificate or the JWT is due to be replaced} */
    public boolean due() {
        Instant now = clock.instant();
        AgentCredentials current = identity.credentials();
        return !now.isBefore(nextAttempt) && (current.certificateRenewalDue(now) || current.jwtRefreshDue(now));
    }

    /**
     * Replaces what is due, over the given mutual TLS channel to the given address.
     *
     * @return whether the client certificate changed, so the stream must be reopened with it
     */
    public synchronized boolean refreshIfDue(ManagedChannel mtls, IngestAddress address) {
        if (!due()) {
            return false;
        }
        Instant now = clock.instant();
        AgentCredentials current = identity.credentials();
        try {
            if (current.certificateRenewalDue(now) && current.jwtUsable(now)) {
                return renew(mtls, current);
            }
            Optional<AgentCredentials> registered = reRegister(address);
            if (registered.isPresent()) {
                identity.replace(registered.get());
                log.info("Got a new JWT for agent {} (valid until {})", current.agentId(), registered.get().jwtExpiresAt());
                return !registered.get().certificate().equals(current.certificate());
            }
            if (current.jwtUsable(now)) {
                return renew(mtls, current);
            }
            nextAttempt = now.plus(RETRY_AFTER_FAILURE);
            return false;
        } catch (StatusRuntimeException e) {
            log.warn("Renewing the credentials failed: {}; trying again in {} min",
                    IngestFailure.of(address, e).message(), RETRY_AFTER_FAILURE.toMinutes());
        } catch (IOException e) {
            log.error("Renewed credentials cannot be stored in the data directory: {}", e.getMessage());
        }
        nextAttempt = now.plus(RETRY_AFTER_FAILURE);
        return false;
    }

    private boolean renew(ManagedChannel mtls, AgentCredentials current) throws IOException {
        RenewCertificateResponse response = AgentIngestGrpc.newBlockingStub(mtls)
                .withInterceptors(BearerToken.of(current.jwt()))
                .withDeadlineAfter(Registrar.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .renewCertificate(RenewCertificateRequest.newBuilder()
                        .setCsrDer(ByteString.copyFrom(SigningRequests.create(identity.keys()))).build());
        AgentCredentials renewed = IssuedCredentials.of(current.agentId(), response.getClientCertificateDer(),
                response.getCaChainDerList(), response.getJwt(),
                response.hasJwtExpiresAt() ? Optional.of(response.getJwtExpiresAt()) : Optional.empty(),
                identity.keys().getPublic(), clock.instant());
        identity.replace(renewed);
        log.info("Renewed the client certificate of agent {}: valid until {}", current.agentId(),
                renewed.certificate().getNotAfter().toInstant());
        return true;
    }

    private Optional<AgentCredentials> reRegister(IngestAddress address) {
        if (!registrar.hasToken()) {
            return Optional.empty();
        }
        try {
            return registrar.registerOnce(identity.keys(), address).credentials();
        } catch (StatusRuntimeException e) {
            log.info("Registering again for a new JWT did not work ({}); renewing the certificate instead",
                    IngestFailure.of(address, e).message());
            return Optional.empty();
        }
    }
}
