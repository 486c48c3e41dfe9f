package io.ctops.core.ingest;

import static java.util.Objects.requireNonNull;

import io.ctops.core.identity.CertificateRenewal;
import io.ctops.core.identity.CertificateRotation;
import io.ctops.core.identity.IdentityRefusal;
import io.ctops.core.identity.RegistrationService;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.ctops.proto.agent.v1.InventoryChunk;
import io.ctops.proto.agent.v1.RegisterRequest;
import io.ctops.proto.agent.v1.RegisterResponse;
import io.ctops.proto.agent.v1.RenewCertificateRequest;
import io.ctops.proto.agent.v1.RenewCertificateResponse;
import io.ctops.proto.agent.v1.SubmitInventoryResponse;
import io.ctops.sdk.ingest.AgentRef;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AgentIngest gRPC service: Register and RenewCertificate (agent identity), the heartbeat
 * stream ({@link HeartbeatStream}), and SubmitInventory, which so far only checks and counts the
 * chunks of a snapshot (inventory plugins will consume them).
 */
final class AgentIngestService extends AgentIngestGrpc.AgentIngestImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(AgentIngestService.class);
    static final int MAX_INVENTORY_CHUNKS = 10_000;

    private final RegistrationService registration;
    private final CertificateRenewal renewal;
    private final CertificateRotation rotation;
    private final HeartbeatServices heartbeats;
    private final OpenHeartbeatStreams openStreams;

    /** @param openStreams where each heartbeat stream is kept while it is open (for the shutdown) */
    AgentIngestService(RegistrationService registration, CertificateRenewal renewal, CertificateRotation rotation,
                       HeartbeatServices heartbeats, OpenHeartbeatStreams openStreams) {
        this.openStreams = requireNonNull(openStreams, "openStreams is null");
        this.heartbeats = requireNonNull(heartbeats, "heartbeats is null");
        this.registration = requireNonNull(registration, "registration is null");
        this.renewal = requireNonNull(renewal, "renewal is null");
        this.rotation = requireNonNull(rotation, "rotation is null");
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> responses) {
        try {
            responses.onNext(registration.register(request, AgentCallContext.peer()));
            responses.onCompleted();
        } catch (IdentityRefusal refusal) {
            responses.onError(status(refusal));
        } catch (RuntimeException e) {
            LOG.error("Register failed", e);
            responses.onError(Status.INTERNAL.withDescription("registration failed; see the server log").asRuntimeException());
        }
    }

    @Override
    public void renewCertificate(RenewCertificateRequest request, StreamObserver<RenewCertificateResponse> responses) {
        try {
            responses.onNext(renewal.renew(UUID.fromString(AgentCallContext.agentId()), request.getCsrDer().toByteArray()));
            responses.onCompleted();
        } catch (IdentityRefusal refusal) {
            responses.onError(status(refusal));
        } catch (RuntimeException e) {
            LOG.error("RenewCertificate failed", e);
            responses.onError(Status.INTERNAL.withDescription("renewal failed; see the server log").asRuntimeException());
        }
    }

    @Override
    public StreamObserver<HeartbeatRequest> heartbeat(StreamObserver<HeartbeatResponse> responses) {
        ServerCallStreamObserver<HeartbeatResponse> call = (ServerCallStreamObserver<HeartbeatResponse>) responses;
        call.disableAutoRequest();
        UUID agentId = UUID.fromString(AgentCallContext.agentId());
        Optional<AgentRef> agent = heartbeats.agents().find(agentId);
        if (agent.isEmpty()) {
            responses.onError(Status.PERMISSION_DENIED.withDescription("agent is not active").asRuntimeException());
            return new DiscardingObserver<>();
        }
        // checked once per stream: a certificate from a retired CA gets its replacement on the first answer
        Optional<X509Certificate> replacement = rotation.replacementFor(agentId, AgentCallContext.CERTIFICATE.get());
        HeartbeatStream stream = new HeartbeatStream(agent.get(), call, heartbeats, replacement, openStreams);
        call.setOnReadyHandler(stream::onReady);
        call.setOnCancelHandler(stream::cancelled);
        call.request(1);
        openStreams.opened(stream);
        return stream;
    }

    /** Ignores what a refused stream still sends. */
    private static final class DiscardingObserver<T> implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    @Override
    public StreamObserver<InventoryChunk> submitInventory(StreamObserver<SubmitInventoryResponse> responses) {
        return new StreamObserver<>() {
            private int chunks;
            private String snapshotId;
            private boolean failed;

            @Override
            public void onNext(InventoryChunk chunk) {
                if (failed) {
                    return;
                }
                if (snapshotId == null) {
                    snapshotId = chunk.getSnapshotId();
                } else if (!snapshotId.equals(chunk.getSnapshotId())) {
                    fail(Status.INVALID_ARGUMENT.withDescription("all chunks must share one snapshot_id"));
                    return;
                }
                if (++chunks > MAX_INVENTORY_CHUNKS) {
                    fail(Status.RESOURCE_EXHAUSTED.withDescription("too many chunks in one snapshot"));
                }
            }

            private void fail(Status status) {
                failed = true;
                responses.onError(status.asRuntimeException());
            }

            @Override
            public void onError(Throwable t) {
                LOG.debug("Inventory stream ended: {}", t.toString());
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    responses.onNext(SubmitInventoryResponse.newBuilder().setChunksReceived(chunks)
                            .setSnapshotId(snapshotId == null ? "" : snapshotId).build());
                    responses.onCompleted();
                }
            }
        };
    }

    static StatusRuntimeException status(IdentityRefusal refusal) {
        Status status = switch (refusal.reason()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case NOT_FOUND -> Status.NOT_FOUND;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
        };
        return status.withDescription(refusal.getMessage()).asRuntimeException();
    }
}
