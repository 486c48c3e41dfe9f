package io.ctops.core.ingest;

import static java.util.Objects.requireNonNull;

import io.ctops.core.audit.AuditLog;
import io.ctops.core.jwt.AgentJwts;
import io.ctops.core.jwt.JwtRejectedException;
import io.ctops.core.pki.AgentIdentity;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Every call but Register must come with a client certificate from the agent CA (checked at the
 * handshake by {@link AgentTrustManager}) and a JWT for the same agent. Checked again per call,
 * because a certificate revoked while its connection stays open must stop working too.
 */
final class AgentAuthInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Supplier<AgentJwts> jwts;
    private final RevocationList revocations;
    private final AuditLog audit;

    AgentAuthInterceptor(Supplier<AgentJwts> jwts, RevocationList revocations, AuditLog audit) {
        this.jwts = requireNonNull(jwts, "jwts is null");
        this.revocations = requireNonNull(revocations, "revocations is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (AgentIngestGrpc.getRegisterMethod().getFullMethodName().equals(method)) {
            return Contexts.interceptCall(Context.current().withValue(AgentCallContext.PEER, peer(call)), call, headers, next);
        }
        Optional<X509Certificate> certificate = clientCertificate(call);
        if (certificate.isEmpty()) {
            return refuse(call, Status.UNAUTHENTICATED, "client certificate required", null);
        }
        Optional<String> certAgent = AgentIdentity.agentIdOf(certificate.get());
        if (certAgent.isEmpty()) {
            return refuse(call, Status.UNAUTHENTICATED, "client certificate names no agent", null);
        }
        if (revocations.isRevoked(certificate.get().getSerialNumber())) {
            return refuse(call, Status.PERMISSION_DENIED, "client certificate revoked", certAgent.get());
        }
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return refuse(call, Status.UNAUTHENTICATED, "JWT missing (authorization: Bearer <token>)", certAgent.get());
        }
        String jwtAgent;
        try {
            jwtAgent = jwts.get().verify(authorization.substring("Bearer ".length()).trim());
        } catch (JwtRejectedException e) {
            return refuse(call, Status.UNAUTHENTICATED, e.getMessage(), certAgent.get());
        }
        if (!jwtAgent.equals(certAgent.get())) {
            return refuse(call, Status.UNAUTHENTICATED, "JWT does not match the client certificate", certAgent.get());
        }
        Context context = Context.current().withValue(AgentCallContext.AGENT_ID, certAgent.get())
                .withValue(AgentCallContext.PEER, peer(call))
                .withValue(AgentCallContext.CERTIFICATE, certificate.get());
        return Contexts.interceptCall(context, call, headers, next);
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String message, String agentId) {
        audit.record(null, agentId == null ? "agent@" + peer(call) : "agent:" + agentId,
                "ingest." + call.getMethodDescriptor().getBareMethodName(), agentId, AuditLog.Outcome.REFUSED, message);
        call.close(status.withDescription(message), new Metadata());
        return new ServerCall.Listener<>() { };
    }

    private static Optional<X509Certificate> clientCertificate(ServerCall<?, ?> call) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    static String peer(ServerCall<?, ?> call) {
        Object address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return address == null ? "unknown" : address.toString();
    }
}
