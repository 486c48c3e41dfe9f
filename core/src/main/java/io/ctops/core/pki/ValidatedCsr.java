package io.ctops.core.pki;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A PKCS#10 request whose signature verified and whose P-256 key equals the agent's registered key.
 *
 * @param publicKey the request's key
 * @param request the parsed request
 */
public record ValidatedCsr(PublicKey publicKey, PKCS10CertificationRequest request) {

    public ValidatedCsr {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(request, "request is null");
    }
}
