package io.ctops.core.ingest;

import io.grpc.Context;
import java.security.cert.X509Certificate;

/** What the authentication interceptor established about the caller, for the service methods. */
final class AgentCallContext {

    static final Context.Key<String> AGENT_ID = Context.key("ctops.agent-id");
    static final Context.Key<String> PEER = Context.key("ctops.peer");
    static final Context.Key<X509Certificate> CERTIFICATE = Context.key("ctops.agent-certificate");

    private AgentCallContext() {
    }

    /** The caller's network address, for the audit log. */
    static String peer() {
        String peer = PEER.get();
        return peer == null ? "unknown" : peer;
    }

    static String agentId() {
        String id = AGENT_ID.get();
        if (id == null) {
            throw new IllegalStateException("no authenticated agent in this call");
        }
        return id;
    }
}
