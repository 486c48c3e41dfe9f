package io.ctops.core.boot;

import io.ctops.core.config.ConfigException;
import io.ctops.core.config.KeyPairFiles;
import io.ctops.core.config.ServerConfig;
import io.ctops.core.ingest.IngestTls;
import io.ctops.core.pki.CertificateAuthority;
import io.ctops.core.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** Reads the certificates and keys an operator brings (CT_OPS_AGENT_CA_*, CT_OPS_GRPC_TLS_*). */
final class OperatorKeys {

    private OperatorKeys() {
    }

    static Optional<CertificateAuthority> agentCa(ServerConfig config) {
        return config.agentCa().map(files -> {
            List<X509Certificate> chain = certificates(files, "CT_OPS_AGENT_CA_CERT");
            try {
                return new CertificateAuthority(chain.get(0), key(files, "CT_OPS_AGENT_CA_KEY"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("CT_OPS_AGENT_CA_KEY", "does not belong to CT_OPS_AGENT_CA_CERT or is not a CA: "
                        + e.getMessage());
            }
        });
    }

    static Optional<IngestTls.Material> grpcTls(ServerConfig config) {
        return config.grpcTls().map(files -> new IngestTls.Material(key(files, "CT_OPS_GRPC_TLS_KEY"),
                certificates(files, "CT_OPS_GRPC_TLS_CERT")));
    }

    private static List<X509Certificate> certificates(KeyPairFiles files, String variable) {
        try {
            List<X509Certificate> chain = Pem.readCertificates(Files.readString(files.certificate()));
            if (chain.isEmpty()) {
                throw new ConfigException(variable, files.certificate() + " holds no PEM certificate");
            }
            return chain;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(variable, files.certificate() + " is not a PEM certificate file");
        }
    }

    private static PrivateKey key(KeyPairFiles files, String variable) {
        try {
            return Pem.readPrivateKey(Files.readString(files.privateKey()));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(variable, files.privateKey() + " is not a PEM private key file");
        }
    }
}
