package io.ctops.agent.loadtest;

import com.google.protobuf.ByteString;
import io.ctops.agent.identity.AgentKeyFile;
import io.ctops.agent.identity.Certificates;
import io.ctops.agent.identity.SigningRequests;
import io.ctops.agent.transport.Backoff;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.AgentStatus;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.ctops.proto.agent.v1.RegisterRequest;
import io.ctops.proto.agent.v1.RegisterResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Registers virtual agents through the real Register RPC, as the agent's Registrar does: the token,
 * the public key, a PKCS#10 CSR signed with the key, the platform and the tags. Calls that fail for
 * the moment (unavailable, overloaded, timed out) are tried again after a backoff; a refusal is final.
 */
final class Enrolment {

    static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 8;

    /** What Register said about one agent. */
    sealed interface Outcome {
        /** Active: the agent may connect with these credentials. */
        record Active(String agentId, java.security.cert.X509Certificate certificate, String jwt) implements Outcome {
        }

        /** Waiting for an administrator: the token is not auto-approve. */
        record Pending(String agentId) implements Outcome {
        }

        /** Refused for good, or still failing after every attempt. */
        record Failed(String reason) implements Outcome {
        }
    }

    private final ManagedChannel channel;
    private final String token;
    private final String runId;
    private final LoadStats stats;

    Enrolment(ManagedChannel channel, String token, String runId, LoadStats stats) {
        this.channel = requireNonNull(channel, "channel is null");
        this.token = requireNonNull(token, "token is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.stats = requireNonNull(stats, "stats is null");
    }

    /** The Register request of an agent with these keys: the token, the key, a CSR, the platform, the run's tag. */
    RegisterRequest.Builder request(KeyPair keys, PlatformInfo platform) {
        return RegisterRequest.newBuilder()
                .setOrgToken(token)
                .setPublicKeyPem(AgentKeyFile.publicKeyPem(keys.getPublic()))
                .setCsrDer(ByteString.copyFrom(SigningRequests.create(keys)))
                .setPlatform(platform)
                .putAllTags(Map.of("loadtest", runId))
                .setAgentVersion(Fleet.AGENT_VERSION);
    }

    /** Registers one agent, retrying what may pass later. */
    Outcome register(VirtualAgent agent) throws InterruptedException {
        return register(agent.keys(), agent.platform());
    }

    /** Registers one agent with these keys and platform, retrying what may pass later. */
    Outcome register(KeyPair keys, PlatformInfo platform) throws InterruptedException {
        Backoff backoff = Backoff.standard(() -> ThreadLocalRandom.current().nextDouble());
        RegisterRequest request = request(keys, platform).build();
        for (int attempt = 1; ; attempt++) {
            stats.registerAttempts.increment();
            try {
                RegisterResponse response = AgentIngestGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .register(request);
                if (response.getStatus() == AgentStatus.AGENT_STATUS_ACTIVE && !response.getClientCertificateDer().isEmpty()) {
                    stats.registered.increment();
                    return new Outcome.Active(response.getAgentId(),
                            Certificates.parse(response.getClientCertificateDer().toByteArray()), response.getJwt());
                }
                if (response.getStatus() == AgentStatus.AGENT_STATUS_PENDING) {
                    return new Outcome.Pending(response.getAgentId());
                }
                stats.error("register: status " + response.getStatus());
                return new Outcome.Failed("Register answered " + response.getStatus());
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                stats.error("register: " + code);
                boolean transient_ = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                        || code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.INTERNAL
                        || code == Status.Code.ABORTED || code == Status.Code.UNKNOWN;
                if (!transient_ || attempt >= MAX_ATTEMPTS) {
                    return new Outcome.Failed(code + (e.getStatus().getDescription() == null ? ""
                            : ": " + e.getStatus().getDescription()));
                }
                Thread.sleep(backoff.next().toMillis());
            }
        }
    }
}
