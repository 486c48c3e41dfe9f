package io.ctops.agent.loadtest;

import io.ctops.agent.transport.ServerTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import static java.util.Objects.requireNonNull;

/**
 * {@code silent-tls}: connections that never send a request. Each of {@link Variant}'s kinds is opened
 * {@code count} times; each connection waits for the server to close it, records how long that took, and
 * opens again. One small thread per connection: they only ever block in a read.
 */
final class SilentConnections {

    /** How far a silent connection gets before it stops. */
    enum Variant {
        /** TCP only. */
        TCP("tcp"),
        /** The first bytes of a TLS ClientHello, then nothing: a stalled handshake. */
        TLS_STALLED("tls-stalled"),
        /** A complete TLS handshake (ALPN h2), then no HTTP/2 preface. */
        TLS_SILENT("tls-silent");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    static final long REOPEN_AFTER_MILLIS = 200;
    /** A TLS record header announcing a handshake message the server then waits for. */
    private static final byte[] PARTIAL_CLIENT_HELLO = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};

    private final String host;
    private final int port;
    private final ServerTrust trust;
    private final MisbehaviourTally tally;
    private final int count;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    SilentConnections(String host, int port, ServerTrust trust, MisbehaviourTally tally, int count) {
        this.host = requireNonNull(host, "host is null");
        this.port = port;
        this.trust = requireNonNull(trust, "trust is null");
        this.tally = requireNonNull(tally, "tally is null");
        this.count = count;
    }

    void start() {
        for (Variant variant : Variant.values()) {
            for (int i = 0; i < count; i++) {
                Thread thread = new Thread(null, () -> loop(variant), "loadtest-silent-" + variant.label + "-" + i, 256 * 1024);
                thread.setDaemon(true);
                threads.add(thread);
                tally.clients.increment();
                thread.start();
            }
        }
    }

    private void loop(Variant variant) {
        while (!stopped) {
            long opened = System.nanoTime();
            String ending;
            try (Socket socket = connect(variant)) {
                tally.opened.increment();
                tally.open.incrementAndGet();
                try {
                    ending = awaitClose(socket);
                } finally {
                    tally.open.decrementAndGet();
                    open.remove(socket);
                }
            } catch (IOException | GeneralSecurityException e) {
                ending = "failed (" + e.getClass().getSimpleName() + ")";
            }
            if (stopped) {
                return;
            }
            tally.answer(variant.label + ": " + ending);
            if (ending.startsWith("closed") || ending.startsWith("reset")) {
                tally.closedByServer.increment();
                tally.keptFor(System.nanoTime() - opened);
            }
            try {
                Thread.sleep(REOPEN_AFTER_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Socket connect(Variant variant) throws IOException, GeneralSecurityException {
        Socket tcp = new Socket();
        open.add(tcp);
        SSLSocket tls = null;
        try {
            tcp.connect(new InetSocketAddress(host, port), 10_000);
            if (variant == Variant.TLS_STALLED) {
                tcp.getOutputStream().write(PARTIAL_CLIENT_HELLO);
                tcp.getOutputStream().flush();
            }
            if (variant != Variant.TLS_SILENT) {
                return tcp;
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            tls.setSSLParameters(parameters);
            open.add(tls);
            open.remove(tcp);
            tls.startHandshake();
            return tls;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            open.remove(tcp);
            if (tls != null) {
                open.remove(tls);
            }
            tcp.close();
            throw e;
        }
    }

    /** Reads (and drops) whatever comes, e.g. the server's HTTP/2 settings, until the server closes. */
    private static String awaitClose(Socket socket) {
        byte[] buffer = new byte[4096];
        try {
            InputStream in = socket.getInputStream();
            while (in.read(buffer) >= 0) {
                // discard
            }
            return "closed by the server";
        } catch (IOException e) {
            return "reset by the server (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** Closes every connection and ends the threads. */
    void stop() {
        stopped = true;
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.forEach(Thread::interrupt);
    }
}
