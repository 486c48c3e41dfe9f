package io.ctops.agent.identity;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** Parses the DER certificates the server sends. */
public final class Certificates {

    private Certificates() {
    }

    /**
     * @param der an X.509 certificate in DER
     * @return the certificate
     * @throws IllegalArgumentException when the bytes are not an X.509 certificate
     */
    public static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not an X.509 certificate");
        }
    }
}
