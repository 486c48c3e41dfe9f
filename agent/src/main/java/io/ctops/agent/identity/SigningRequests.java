package io.ctops.agent.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 certificate signing requests for the agent's key. The server decides the certificate's
 * names; the request proves that the agent holds the private key.
 */
public final class SigningRequests {

    private SigningRequests() {
    }

    /** {@return a DER PKCS#10 request for the key pair, signed with SHA256withECDSA} */
    public static byte[] create(KeyPair keys) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "ctops-agent").build();
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with the agent key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
