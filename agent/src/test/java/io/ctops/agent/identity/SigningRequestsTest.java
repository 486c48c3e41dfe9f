package io.ctops.agent.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The JDK-only request and key math, checked with an independent implementation (Bouncy Castle, test scope only). */
class SigningRequestsTest {

    @RepeatedTest(5)
    void theRequestParsesAndItsSignatureVerifiesWithTheAgentKey() throws Exception {
        KeyPair keys = AgentKeyFile.generate();
        PKCS10CertificationRequest request = new PKCS10CertificationRequest(SigningRequests.create(keys));
        assertEquals(new X500Name("CN=ctops-agent"), request.getSubject());
        assertArrayEquals(keys.getPublic().getEncoded(), request.getSubjectPublicKeyInfo().getEncoded());
        assertEquals("1.2.840.10045.4.3.2", request.getSignatureAlgorithm().getAlgorithm().getId());
        assertTrue(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(keys.getPublic())));
        assertEquals(0, request.getAttributes().length);
    }

    @RepeatedTest(5)
    void thePublicPointRecomputedFromThePrivateScalarIsTheGeneratedOne() {
        KeyPair keys = AgentKeyFile.generate();
        ECPrivateKey privateKey = (ECPrivateKey) keys.getPrivate();
        assertEquals(((ECPublicKey) keys.getPublic()).getW(),
                EcPoints.multiplyGenerator(privateKey.getParams(), privateKey.getS()));
    }

    @Test
    void oneTimesTheGeneratorIsTheGenerator() {
        ECPrivateKey privateKey = (ECPrivateKey) AgentKeyFile.generate().getPrivate();
        assertEquals(privateKey.getParams().getGenerator(),
                EcPoints.multiplyGenerator(privateKey.getParams(), java.math.BigInteger.ONE));
    }
}
