package io.ctops.core.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class EcKeysTest {

    @Test
    void generatedKeysAreP256() {
        KeyPair keys = EcKeys.generateP256();
        assertEquals("EC", keys.getPublic().getAlgorithm());
        assertTrue(EcKeys.isP256(keys.getPublic()));
    }

    @Test
    void p256FromAnotherProviderIsRecognised() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("prime256v1"));
        assertTrue(EcKeys.isP256(generator.generateKeyPair().getPublic()));
    }

    @Test
    void otherKeysAreNotP256() throws Exception {
        assertFalse(EcKeys.isP256(TestCrypto.ec("secp384r1").getPublic()));
        assertFalse(EcKeys.isP256(TestCrypto.ec("secp521r1").getPublic()));
        assertFalse(EcKeys.isP256(TestCrypto.rsa().getPublic()));
        assertFalse(EcKeys.isP256(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
        assertFalse(EcKeys.isP256(null));
    }

    @Test
    void fingerprintIsHexSha256OfTheEncodedKey() throws Exception {
        KeyPair keys = EcKeys.generateP256();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
        String fingerprint = EcKeys.fingerprint(keys.getPublic());
        assertEquals(expected, fingerprint);
        assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
        assertEquals(fingerprint, EcKeys.fingerprint(Pem.readPublicKey(Pem.write(keys.getPublic()))));
        assertNotEquals(fingerprint, EcKeys.fingerprint(EcKeys.generateP256().getPublic()));
    }
}
