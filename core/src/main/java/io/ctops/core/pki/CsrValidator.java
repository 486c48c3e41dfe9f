package io.ctops.core.pki;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.PublicKey;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** Checks the PKCS#10 request an agent sends at registration or renewal before anything is signed. */
public final class CsrValidator {

    /** Larger requests are refused unparsed: a P-256 CSR is a few hundred bytes. */
    public static final int MAX_CSR_BYTES = 16 * 1024;

    private CsrValidator() {
    }

    /**
     * Parses {@code csrDer}, requires a P-256 key equal to {@code expectedKey} and a signature that
     * verifies with it (proof that the caller holds the private key).
     *
     * @throws InvalidCsrException with a short reason
     */
    public static ValidatedCsr validate(byte[] csrDer, PublicKey expectedKey) {
        requireNonNull(csrDer, "csrDer is null");
        requireNonNull(expectedKey, "expectedKey is null");
        if (csrDer.length > MAX_CSR_BYTES) {
            throw new InvalidCsrException("CSR is larger than 16 KiB");
        }
        JcaPKCS10CertificationRequest request = parse(csrDer);
        PublicKey csrKey;
        try {
            csrKey = request.getPublicKey();
        } catch (Exception e) {
            // An algorithm the JDK cannot even decode is certainly not P-256.
            throw new InvalidCsrException("CSR key is not ECDSA P-256");
        }
        // The key type is checked before the signature so only ECDSA verification is ever attempted.
        if (!EcKeys.isP256(csrKey)) {
            throw new InvalidCsrException("CSR key is not ECDSA P-256");
        }
        if (!signatureVerifies(request, csrKey)) {
            throw new InvalidCsrException("CSR signature does not verify");
        }
        byte[] expectedEncoded = expectedKey.getEncoded();
        if (expectedEncoded == null || !MessageDigest.isEqual(csrKey.getEncoded(), expectedEncoded)) {
            throw new InvalidCsrException("CSR key differs from the registered public key");
        }
        return new ValidatedCsr(csrKey, request);
    }

    private static JcaPKCS10CertificationRequest parse(byte[] csrDer) {
        try {
            return new JcaPKCS10CertificationRequest(csrDer);
        } catch (IOException | RuntimeException e) {
            // BouncyCastle signals malformed ASN.1 with both checked and unchecked exceptions.
            throw new InvalidCsrException("CSR is not valid PKCS#10");
        }
    }

    private static boolean signatureVerifies(PKCS10CertificationRequest request, PublicKey key) {
        try {
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(key);
            return request.isSignatureValid(verifier);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            return false;
        }
    }
}
