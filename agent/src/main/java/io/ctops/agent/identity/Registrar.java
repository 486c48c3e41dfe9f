package io.ctops.agent.identity;

import com.google.protobuf.ByteString;
import io.ctops.agent.config.ConfigException;
import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.transport.AddressRotation;
import io.ctops.agent.transport.Backoff;
import io.ctops.agent.transport.ChannelOpener;
import io.ctops.agent.transport.IngestFailure;
import io.ctops.agent.transport.Sleeper;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.AgentStatus;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.ctops.proto.agent.v1.RegisterRequest;
import io.ctops.proto.agent.v1.RegisterResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Enrols the agent: Register over TLS with the enrolment token, the public key, a CSR, the platform
 * and the tags; while the agent is pending approval, asks again as often as the server says. The
 * same key always gets the same agent id, so registering again is how an agent whose JWT ran out
 * gets fresh credentials.
 */
public final class Registrar {

    static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    static final Duration DEFAULT_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final ChannelOpener channels;
    private final AddressRotation addresses;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Supplier<PlatformInfo> platform;
    private final String agentVersion;
    private final Map<String, String> tags;
    private final Optional<String> token;

    public Registrar(ChannelOpener channels, AddressRotation addresses, Backoff backoff, Sleeper sleeper, Clock clock,
            Supplier<PlatformInfo> platform, String agentVersion, Map<String, String> tags, Optional<String> token) {
        this.channels = requireNonNull(channels, "channels is null");
        this.addresses = requireNonNull(addresses, "addresses is null");
        this.backoff = requireNonNull(backoff, "backoff is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.platform = requireNonNull(platform, "platform is null");
        this.agentVersion = requireNonNull(agentVersion, "agentVersion is null");
        this.tags = Map.copyOf(tags);
        this.token = requireNonNull(token, "token is null");
    }

    /** {@return whether an enrolment token is configured} */
    public boolean hasToken() {
        return token.isPresent();
    }

    /**
     * Registers until the agent is active, failing over across the addresses and backing off while
     * none answers.
     *
     * @param keys the agent's key pair
     * @return the credentials
     * @throws RegistrationRefusedException when the server refuses for good
     * @throws ConfigException when no enrolment token is configured
     * @throws InterruptedException when the agent is stopped meanwhile
     */
    public AgentCredentials register(KeyPair keys) throws RegistrationRefusedException, InterruptedException {
        requireToken();
        boolean announcedPending = false;
        while (true) {
            IngestAddress address = addresses.current();
            try {
                RegisterOutcome outcome = registerOnce(keys, address);
                addresses.succeeded();
                backoff.reset();
                if (outcome.credentials().isPresent()) {
                    log.info("Registered with {} as agent {}", address, outcome.agentId());
                    return outcome.credentials().get();
                }
                if (!announcedPending) {
                    log.info("Agent {} is waiting for approval by an administrator; asking again every {} s",
                            outcome.agentId(), outcome.retryAfter().toSeconds());
                    announcedPending = true;
                }
                sleeper.sleep(outcome.retryAfter());
            } catch (StatusRuntimeException e) {
                refuseForGood(address, e);
                IngestFailure failure = IngestFailure.of(address, e);
                boolean roundFailed = addresses.failed();
                if (roundFailed) {
                    Duration delay = backoff.next();
                    log.warn("Registration failed: {}; retrying in {} s", failure.message(), seconds(delay));
                    sleeper.sleep(delay);
                } else {
                    log.warn("Registration failed: {}; trying {}", failure.message(), addresses.current());
                }
            }
        }
    }

    /**
     * One Register call.
     *
     * @param keys the agent's key pair
     * @param address where to send it
     * @return the outcome
     * @throws StatusRuntimeException when the call fails or is refused
     */
    public RegisterOutcome registerOnce(KeyPair keys, IngestAddress address) {
        String secret = requireToken();
        RegisterRequest request = RegisterRequest.newBuilder()
                .setOrgToken(secret)
                .setPublicKeyPem(AgentKeyFile.publicKeyPem(keys.getPublic()))
                .setCsrDer(ByteString.copyFrom(SigningRequests.create(keys)))
                .setPlatform(platform.get())
                .putAllTags(tags)
                .setAgentVersion(agentVersion)
                .build();
        ManagedChannel channel = channels.open(address, Optional.empty());
        try {
            RegisterResponse response = AgentIngestGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .register(request);
            return outcome(response, keys);
        } finally {
            channel.shutdownNow();
        }
    }

    private RegisterOutcome outcome(RegisterResponse response, KeyPair keys) {
        if (response.getStatus() == AgentStatus.AGENT_STATUS_REVOKED) {
            throw Status.PERMISSION_DENIED.withDescription("agent is revoked").asRuntimeException();
        }
        if (response.getStatus() != AgentStatus.AGENT_STATUS_ACTIVE || response.getClientCertificateDer().isEmpty()) {
            long secs = response.getRetryAfterSecs();
            Duration retry = secs <= 0 ? DEFAULT_RETRY : Duration.ofSeconds(Math.min(secs, MAX_RETRY.toSeconds()));
            return new RegisterOutcome(response.getAgentId(), Optional.empty(), retry);
        }
        return new RegisterOutcome(response.getAgentId(), Optional.of(IssuedCredentials.of(response.getAgentId(),
                response.getClientCertificateDer(), response.getCaChainDerList(), response.getJwt(),
                response.hasJwtExpiresAt() ? Optional.of(response.getJwtExpiresAt()) : Optional.empty(),
                keys.getPublic(), clock.instant())), Duration.ZERO);
    }

    /** Refusals that asking again cannot change: an unknown or expired token, a revoked agent, a bad request. */
    private static void refuseForGood(IngestAddress address, StatusRuntimeException e) throws RegistrationRefusedException {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED
                || code == Status.Code.INVALID_ARGUMENT || code == Status.Code.FAILED_PRECONDITION) {
            throw new RegistrationRefusedException("ingest " + address + " refused the registration: "
                    + (e.getStatus().getDescription() == null ? code.name() : e.getStatus().getDescription()));
        }
    }

    private String requireToken() {
        return token.orElseThrow(() -> new ConfigException("[agent] org_token",
                "is not set (nor CT_OPS_ORG_TOKEN): the agent needs an enrolment token to register"));
    }

    private static String seconds(Duration delay) {
        return String.format(Locale.ROOT, "%.1f", delay.toMillis() / 1000.0);
    }
}
