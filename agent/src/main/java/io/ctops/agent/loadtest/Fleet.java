package io.ctops.agent.loadtest;

import io.grpc.ManagedChannel;
import io.grpc.Attributes;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.ctops.agent.transport.ServerTrust;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

import static java.util.Objects.requireNonNull;

/**
 * What the virtual agents share: the options, the counters, the round-trip histogram, one scheduler
 * for every heartbeat tick, and the network threads. Each virtual agent has its own TLS connection,
 * because ingest takes an agent's identity from the client certificate of the connection (and checks
 * that the JWT of every call names the same agent): one connection cannot carry several agents. What
 * is multiplexed is the threads: {@code --fan-out} connections share one network thread, and every
 * callback runs on it directly (no executor hop).
 */
final class Fleet implements AutoCloseable {

    static final String AGENT_VERSION = "loadtest";
    static final int SLOW_READER_WINDOW = 1024;

    private final LoadtestOptions options;
    private final LoadStats stats = new LoadStats();
    private final RoundTrips roundTrips = new RoundTrips();
    private final ScheduledThreadPoolExecutor scheduler;
    private final EventLoopGroup network;
    private final Class<? extends Channel> channelType;
    private final ServerTrust trust;
    private final List<InetSocketAddress> sources;

    Fleet(LoadtestOptions options, ServerTrust trust) {
        this.options = requireNonNull(options, "options is null");
        this.trust = requireNonNull(trust, "trust is null");
        int threads = Math.max(1, (options.agents() + options.channelsPerLoop() - 1) / options.channelsPerLoop());
        AtomicInteger count = new AtomicInteger();
        java.util.concurrent.ThreadFactory netThreads = r -> daemon(r, "loadtest-net-" + count.incrementAndGet());
        if (Epoll.isAvailable()) {
            network = new EpollEventLoopGroup(threads, netThreads);
            channelType = EpollSocketChannel.class;
        } else {
            network = new NioEventLoopGroup(threads, netThreads);
            channelType = NioSocketChannel.class;
        }
        AtomicInteger ticks = new AtomicInteger();
        scheduler = new ScheduledThreadPoolExecutor(2, r -> daemon(r, "loadtest-tick-" + ticks.incrementAndGet()));
        scheduler.setRemoveOnCancelPolicy(true);
        sources = options.sourceAddresses().stream().map(a -> new InetSocketAddress(a, 0)).toList();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    LoadtestOptions options() {
        return options;
    }

    LoadStats stats() {
        return stats;
    }

    RoundTrips roundTrips() {
        return roundTrips;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** A plain TLS channel for Register (no client certificate yet). */
    ManagedChannel registerChannel() {
        return builder(0, GrpcSslContexts.forClient().trustManager(trust)).build();
    }

    /** A mutual-TLS channel presenting one virtual agent's certificate. */
    ManagedChannel mutualTlsChannel(int index, PrivateKey key, X509Certificate certificate) {
        return channel(index, mutualTls(key, certificate));
    }

    /** The TLS settings of one virtual agent, built once and reused by each connection it opens. */
    SslContext mutualTls(PrivateKey key, X509Certificate certificate) {
        return build(GrpcSslContexts.forClient().trustManager(trust).keyManager(key, certificate));
    }

    /** A new channel with TLS settings from {@link #mutualTls}. */
    ManagedChannel channel(int index, SslContext tls) {
        return builder(index, tls).build();
    }

    /**
     * A mutual-TLS channel whose receive window is {@link #SLOW_READER_WINDOW} bytes (no auto-tuning), for a
     * client that never reads: the server's answers stop at once instead of after gRPC's 1 MiB.
     */
    ManagedChannel slowReaderChannel(int index, PrivateKey key, X509Certificate certificate) {
        return builder(index, GrpcSslContexts.forClient().trustManager(trust).keyManager(key, certificate))
                .flowControlWindow(SLOW_READER_WINDOW).build();
    }

    ServerTrust trust() {
        return trust;
    }

    private NettyChannelBuilder builder(int index, SslContextBuilder ssl) {
        return builder(index, build(ssl));
    }

    private static SslContext build(SslContextBuilder ssl) {
        try {
            return ssl.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private NettyChannelBuilder builder(int index, SslContext context) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(options.address().host(), options.address().port())
                .sslContext(context)
                .eventLoopGroup(network)
                .channelType(channelType)
                .directExecutor()
                .userAgent("ctops-agent-loadtest")
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        if (!sources.isEmpty()) {
            InetSocketAddress source = sources.get(index % sources.size());
            builder.localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                @Override
                public SocketAddress createSocketAddress(SocketAddress remoteAddress, Attributes attrs) {
                    return source;
                }
            });
        }
        return builder;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        network.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
