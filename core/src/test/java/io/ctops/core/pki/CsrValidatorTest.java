package io.ctops.core.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsrValidatorTest {

    private final KeyPair agent = EcKeys.generateP256();

    @Test
    void acceptsACsrSignedByTheRegisteredKey() throws Exception {
        ValidatedCsr validated = CsrValidator.validate(TestCrypto.csr(agent), agent.getPublic());
        assertArrayEquals(agent.getPublic().getEncoded(), validated.publicKey().getEncoded());
        assertEquals("CN=agent-1", validated.request().getSubject().toString());
    }

    @Test
    void acceptsTheRegisteredKeyReadBackFromPem() throws Exception {
        PublicKey stored = Pem.readPublicKey(Pem.write(agent.getPublic()));
        assertArrayEquals(stored.getEncoded(), CsrValidator.validate(TestCrypto.csr(agent), stored).publicKey().getEncoded());
    }

    @Test
    void refusesP384AndRsaKeys() throws Exception {
        KeyPair p384 = TestCrypto.ec("secp384r1");
        KeyPair rsa = TestCrypto.rsa();
        assertRefused("CSR key is not ECDSA P-256", TestCrypto.csr(p384), p384.getPublic());
        assertRefused("CSR key is not ECDSA P-256", TestCrypto.csr(rsa), rsa.getPublic());
    }

    @Test
    void refusesACsrSignedByAnotherKey() throws Exception {
        KeyPair forger = EcKeys.generateP256();
        byte[] forged = TestCrypto.csr("agent-1", agent.getPublic(), forger);
        assertRefused("CSR signature does not verify", forged, agent.getPublic());
    }

    @Test
    void refusesACsrAlteredAfterSigning() throws Exception {
        byte[] csr = TestCrypto.csr("agent-1", agent.getPublic(), agent);
        int at = indexOf(csr, "agent-1".getBytes(StandardCharsets.US_ASCII));
        csr[at + 6] = '2';
        assertRefused("CSR signature does not verify", csr, agent.getPublic());
    }

    @Test
    void refusesACsrForAnotherKeyThanTheRegisteredOne() throws Exception {
        KeyPair other = EcKeys.generateP256();
        assertRefused("CSR key differs from the registered public key", TestCrypto.csr(other), agent.getPublic());
    }

    @Test
    void refusesGarbageAndTruncatedDer() throws Exception {
        byte[] csr = TestCrypto.csr(agent);
        assertRefused("CSR is not valid PKCS#10", new byte[0], agent.getPublic());
        assertRefused("CSR is not valid PKCS#10", "not a csr".getBytes(StandardCharsets.US_ASCII), agent.getPublic());
        assertRefused("CSR is not valid PKCS#10", Arrays.copyOf(csr, csr.length - 10), agent.getPublic());
        assertRefused("CSR is not valid PKCS#10", new byte[16 * 1024], agent.getPublic());
        // A certificate is DER too, but not a PKCS#10 request.
        assertRefused("CSR is not valid PKCS#10", TestCrypto.selfSigned(agent).getEncoded(), agent.getPublic());
    }

    @Test
    void refusesOversizedDerBeforeParsing() throws Exception {
        // A valid request padded past the limit: it would parse to "not valid" if the size were not checked first.
        byte[] csr = TestCrypto.csr(agent);
        byte[] padded = Arrays.copyOf(csr, 16 * 1024 + 1);
        assertRefused("CSR is larger than 16 KiB", padded, agent.getPublic());
    }

    private static void assertRefused(String message, byte[] csr, PublicKey expected) {
        assertEquals(message, assertThrows(InvalidCsrException.class, () -> CsrValidator.validate(csr, expected)).getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
