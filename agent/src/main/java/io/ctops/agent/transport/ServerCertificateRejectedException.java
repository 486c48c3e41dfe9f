package io.ctops.agent.transport;

import java.security.cert.CertificateException;

/** The ingest server's certificate did not pass the agent's trust check; the message names what was checked. */
public final class ServerCertificateRejectedException extends CertificateException {

    private static final long serialVersionUID = 1L;

    public ServerCertificateRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
