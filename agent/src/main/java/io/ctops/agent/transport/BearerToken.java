package io.ctops.agent.transport;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** The {@code authorization: Bearer <jwt>} header every call after Register carries. */
public final class BearerToken {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private BearerToken() {
    }

    /** {@return an interceptor that adds the JWT to each call} */
    public static ClientInterceptor of(String jwt) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + jwt);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
