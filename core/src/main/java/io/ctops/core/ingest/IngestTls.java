package io.ctops.core.ingest;

import static io.ctops.db.jooq.Tables.STORED_CERTIFICATE;
import static java.util.Objects.requireNonNull;

import io.ctops.core.identity.AgentCaStore;
import io.ctops.core.pki.EcKeys;
import io.ctops.core.pki.Pem;
import io.ctops.core.security.SecretBox;
import io.ctops.db.jooq.tables.records.StoredCertificateRecord;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS identity of the gRPC port: the operator's certificate and key, or one the server
 * generates (signed by the agent CA, so agents trust one CA) with this machine's names and
 * addresses, kept in the database and reused until a month before it expires.
 */
public final class IngestTls {

    private static final Logger LOG = LoggerFactory.getLogger(IngestTls.class);
    static final String PURPOSE = "ingest-tls";
    static final String KEY_CONTEXT = "ingest-tls-key";
    static final Duration VALIDITY = Duration.ofDays(397);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /** A private key and its certificate chain, leaf first. */
    public record Material(PrivateKey key, List<X509Certificate> chain) {
        public Material {
            requireNonNull(key, "key is null");
            chain = List.copyOf(chain);
        }
    }

    private IngestTls() {
    }

    public static Material generatedOrStored(DSLContext dsl, SecretBox secrets, Clock clock, AgentCaStore.ActiveCa ca) {
        StoredCertificateRecord stored = dsl.selectFrom(STORED_CERTIFICATE)
                .where(STORED_CERTIFICATE.PURPOSE.eq(PURPOSE), STORED_CERTIFICATE.ACTIVE.isTrue()).fetchOne();
        if (stored != null && stored.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE))) {
            X509Certificate leaf = Pem.readCertificate(stored.getCertificatePem());
            if (issuedBy(leaf, ca)) {
                String key = new String(secrets.open(stored.getPrivateKeySealed(), KEY_CONTEXT), StandardCharsets.UTF_8);
                return new Material(Pem.readPrivateKey(key), List.of(leaf, ca.authority().certificate()));
            }
        }
        KeyPair keys = EcKeys.generateP256();
        List<String> names = new ArrayList<>(List.of("localhost"));
        List<String> addresses = new ArrayList<>();
        machineNamesAndAddresses(names, addresses);
        X509Certificate leaf = ca.authority().issueServerCertificate(keys.getPublic(), names, addresses, VALIDITY, clock);
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.update(STORED_CERTIFICATE).set(STORED_CERTIFICATE.ACTIVE, false)
                    .set(STORED_CERTIFICATE.RETIRED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(STORED_CERTIFICATE.PURPOSE.eq(PURPOSE), STORED_CERTIFICATE.ACTIVE.isTrue()).execute();
            tx.insertInto(STORED_CERTIFICATE)
                    .set(STORED_CERTIFICATE.PURPOSE, PURPOSE)
                    .set(STORED_CERTIFICATE.ORIGIN, "generated")
                    .set(STORED_CERTIFICATE.CERTIFICATE_PEM, Pem.write(leaf))
                    .set(STORED_CERTIFICATE.PRIVATE_KEY_SEALED,
                            secrets.seal(Pem.write(keys.getPrivate()).getBytes(StandardCharsets.UTF_8), KEY_CONTEXT))
                    .set(STORED_CERTIFICATE.NOT_AFTER, leaf.getNotAfter().toInstant().atOffset(ZoneOffset.UTC))
                    .set(STORED_CERTIFICATE.ACTIVE, true)
                    .execute();
        });
        LOG.info("Generated the ingest TLS certificate for {} {} (signed by the agent CA; set CT_OPS_GRPC_TLS_CERT/_KEY to use your own)",
                names, addresses);
        return new Material(keys.getPrivate(), List.of(leaf, ca.authority().certificate()));
    }

    private static boolean issuedBy(X509Certificate leaf, AgentCaStore.ActiveCa ca) {
        try {
            leaf.verify(ca.authority().certificate().getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static void machineNamesAndAddresses(List<String> names, List<String> addresses) {
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        try {
            String hostname = InetAddress.getLocalHost().getHostName();
            if (!names.contains(hostname)) {
                names.add(hostname);
            }
        } catch (UnknownHostException e) {
            LOG.debug("no local host name: {}", e.toString());
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLinkLocalAddress()) {
                        String ip = address.getHostAddress();
                        int zone = ip.indexOf('%');
                        ips.add(zone >= 0 ? ip.substring(0, zone) : ip);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("no network interfaces: {}", e.toString());
        }
        addresses.addAll(ips);
    }
}
