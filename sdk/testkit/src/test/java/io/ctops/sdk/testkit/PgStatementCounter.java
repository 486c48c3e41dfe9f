package io.ctops.sdk.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP proxy in front of PostgreSQL that counts the statements its clients execute, read off the
 * wire protocol: every Execute message (extended protocol) and every simple Query. It counts what the
 * server really sends, batches included (a JDBC batch of n UPDATEs is n Executes), BEGIN and COMMIT
 * included. Clients must connect without TLS ({@code sslmode=disable}).
 */
final class PgStatementCounter implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> byStatement = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    PgStatementCounter(String upstreamHost, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "pg-counter-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Statements executed so far through this proxy. */
    long total() {
        return total.sum();
    }

    /** Statements executed so far, by SQL text (literals as ?, whitespace collapsed, cut at 120 characters). */
    Map<String, Long> byStatement() {
        Map<String, Long> copy = new TreeMap<>();
        byStatement.forEach((sql, count) -> copy.put(sql, count.sum()));
        return copy;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                start("pg-counter-up", () -> frontend(client.getInputStream(), server.getOutputStream()), client, server);
                start("pg-counter-down", () -> copy(server.getInputStream(), client.getOutputStream()), client, server);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("pg-counter: " + e);
                }
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private void start(String name, Pump pump, Socket a, Socket b) {
        Thread thread = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException ignored) {
                // the connection ended
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Client to server: forwards every message and counts the executing ones. */
    private void frontend(InputStream rawIn, OutputStream rawOut) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn));
        OutputStream out = new BufferedOutputStream(rawOut);
        // startup phase: messages without a type byte; an SSL/GSS request is answered 'N' and followed by another
        while (true) {
            int length = in.readInt();
            byte[] body = new byte[length - 4];
            in.readFully(body);
            writeInt(out, length);
            out.write(body);
            out.flush();
            int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
            if (code != SSL_REQUEST && code != GSSENC_REQUEST) {
                break;
            }
        }
        Map<String, String> prepared = new ConcurrentHashMap<>();
        String bound = "";
        while (true) {
            int type = in.read();
            if (type < 0) {
                throw new EOFException();
            }
            int length = in.readInt();
            byte[] body = new byte[length - 4];
            in.readFully(body);
            switch (type) {
                case 'P' -> {
                    String[] parts = cstrings(body, 2);
                    prepared.put(parts[0], parts[1]);
                }
                case 'B' -> bound = prepared.getOrDefault(cstrings(body, 2)[1], "?");
                case 'E' -> count(bound);
                case 'Q' -> count(cstrings(body, 1)[0]);
                default -> { }
            }
            out.write(type);
            writeInt(out, length);
            out.write(body);
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    private void count(String sql) {
        total.increment();
        // literals folded, so inlined batches group under one text
        String key = sql.replaceAll("'[^']*'", "?").replaceAll("\\b\\d+(\\.\\d+)?\\b", "?").replaceAll("\\s+", " ").strip();
        byStatement.computeIfAbsent(key.length() > 120 ? key.substring(0, 120) : key, k -> new LongAdder()).increment();
    }

    private static String[] cstrings(byte[] body, int n) {
        String[] result = new String[n];
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = start;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            result[i] = new String(body, start, end - start, StandardCharsets.UTF_8);
            start = end + 1;
        }
        return result;
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16384];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static void writeInt(OutputStream out, int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(PgStatementCounter::closeQuietly);
    }
}
