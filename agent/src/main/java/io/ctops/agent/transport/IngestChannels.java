package io.ctops.agent.transport;

import io.ctops.agent.config.IngestAddress;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

import static java.util.Objects.requireNonNull;

/** TLS channels to ingest: the server checked by {@link ServerTrust}, the agent's certificate when it has one. */
public final class IngestChannels implements ChannelOpener {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<ServerTrust> trust;
    private final String userAgent;

    /**
     * @param trust the current trust decision (it changes when the server hands over a new CA chain)
     * @param userAgent e.g. {@code ctops-agent/0.1.0}
     */
    public IngestChannels(Supplier<ServerTrust> trust, String userAgent) {
        this.trust = requireNonNull(trust, "trust is null");
        this.userAgent = requireNonNull(userAgent, "userAgent is null");
    }

    @Override
    public ManagedChannel open(IngestAddress address, Optional<ClientIdentity> client) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(trust.get());
            client.ifPresent(identity -> ssl.keyManager(identity.key(), identity.certificate()));
            return NettyChannelBuilder.forAddress(address.host(), address.port())
                    .sslContext(ssl.build())
                    .userAgent(userAgent)
                    .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
