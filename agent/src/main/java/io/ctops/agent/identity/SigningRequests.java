package io.ctops.agent.identity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;

/**
 * PKCS#10 certificate signing requests for the agent's key (RFC 2986). The server decides the
 * certificate's names; the request proves that the agent holds the private key. Encoded with the
 * JDK alone: an ASN.1 library cost the agent several MB of class metadata for this one structure.
 */
public final class SigningRequests {

    private SigningRequests() {
    }

    /** {@return a DER PKCS#10 request for the key pair, subject CN=ctops-agent, signed with SHA256withECDSA} */
    public static byte[] create(KeyPair keys) {
        byte[] subject = Der.sequence(Der.set(Der.sequence(Der.OID_COMMON_NAME, Der.utf8String("ctops-agent"))));
        // getEncoded() of a JDK EC public key is already the DER SubjectPublicKeyInfo
        byte[] info = Der.sequence(Der.integerZero(), subject, keys.getPublic().getEncoded(), Der.emptyContextZero());
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(info);
            return Der.sequence(info, Der.sequence(Der.OID_ECDSA_WITH_SHA256), Der.bitString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the agent key", e);
        }
    }
}
