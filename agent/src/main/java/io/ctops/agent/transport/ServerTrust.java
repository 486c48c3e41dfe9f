package io.ctops.agent.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import static java.util.Objects.requireNonNull;

/**
 * Decides whether the agent trusts an ingest server: its certificate must chain to a CA in
 * {@code ca_cert_file} (or, without one, to the JVM's trust store) or to the agent CA chain the
 * server handed over at registration, and name the host the agent dialled. A rejection says which
 * file was checked, so the operator knows what to fix.
 */
public final class ServerTrust extends X509ExtendedTrustManager {

    private final List<X509ExtendedTrustManager> delegates;
    private final String source;

    private ServerTrust(List<X509ExtendedTrustManager> delegates, String source) {
        this.delegates = List.copyOf(delegates);
        this.source = source;
    }

    /**
     * @param caCertFile the operator's CA file; empty for the JVM's trust store
     * @param issuedCas the agent CA chain from registration (may be empty)
     * @return the trust decision; when the CA file cannot be read, every check fails naming it
     */
    public static ServerTrust of(Optional<Path> caCertFile, List<X509Certificate> issuedCas) {
        requireNonNull(caCertFile, "caCertFile is null");
        requireNonNull(issuedCas, "issuedCas is null");
        List<X509ExtendedTrustManager> delegates = new ArrayList<>();
        String source;
        if (caCertFile.isPresent()) {
            source = "ca_cert_file " + caCertFile.get();
            List<X509Certificate> anchors = new ArrayList<>(issuedCas);
            try {
                anchors.addAll(0, read(caCertFile.get()));
            } catch (IOException | CertificateException | RuntimeException e) {
                source += " (which cannot be read: " + e.getMessage() + ")";
            }
            if (!anchors.isEmpty()) {
                delegates.add(trustManager(anchors));
            }
        } else {
            source = "the JVM's trust store (set [ingest] ca_cert_file to the CA of the ingest server)";
            delegates.add(trustManager(null));
            if (!issuedCas.isEmpty()) {
                delegates.add(trustManager(issuedCas));
            }
        }
        return new ServerTrust(delegates, source);
    }

    private static List<X509Certificate> read(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> list = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                list.add((X509Certificate) certificate);
            }
            if (list.isEmpty()) {
                throw new CertificateException("it holds no certificate");
            }
            return list;
        }
    }

    /** A PKIX trust manager for these anchors, or for the JVM's when {@code anchors} is null. */
    private static X509ExtendedTrustManager trustManager(List<X509Certificate> anchors) {
        try {
            KeyStore store = null;
            if (anchors != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                for (int i = 0; i < anchors.size(); i++) {
                    store.setCertificateEntry("ca-" + i, anchors.get(i));
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the JVM offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up certificate checks", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, delegate -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, delegate -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, delegate -> delegate.checkServerTrusted(chain, authType));
    }

    private void check(X509Certificate[] chain, Check check) throws CertificateException {
        CertificateException first = null;
        for (X509ExtendedTrustManager delegate : delegates) {
            try {
                check.against(delegate);
                return;
            } catch (CertificateException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        String subject = chain == null || chain.length == 0 ? "no certificate"
                : chain[0].getSubjectX500Principal().getName();
        throw new ServerCertificateRejectedException("the server certificate (" + subject + ") is not trusted by "
                + source + ": " + (first == null ? "no trust anchors" : first.getMessage()), first);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the agent accepts no client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the agent accepts no client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent accepts no client connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        List<X509Certificate> issuers = new ArrayList<>();
        for (X509ExtendedTrustManager delegate : delegates) {
            issuers.addAll(List.of(delegate.getAcceptedIssuers()));
        }
        return issuers.toArray(X509Certificate[]::new);
    }

    /** One trust manager's verdict. */
    @FunctionalInterface
    private interface Check {
        void against(X509ExtendedTrustManager delegate) throws CertificateException;
    }
}
