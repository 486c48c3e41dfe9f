package io.ctops.agent.identity;

import io.ctops.agent.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentKeyFileTest {

    @TempDir
    Path dataDir;

    @Test
    void firstStartWritesAnOwnerOnlyPkcs8PemKeyThatLaterStartsReadBack() throws Exception {
        AgentKeyFile file = new AgentKeyFile(dataDir);

        KeyPair created = file.loadOrCreate();
        KeyPair loaded = new AgentKeyFile(dataDir).loadOrCreate();

        Path path = dataDir.resolve("agent.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        String pem = Files.readString(path);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        assertTrue(pem.strip().endsWith("-----END PRIVATE KEY-----"), pem);
        assertArrayEquals(created.getPrivate().getEncoded(), loaded.getPrivate().getEncoded());
        assertEquals(created.getPublic(), loaded.getPublic(), "the public key is derived from the private one");
        assertEquals("EC", loaded.getPublic().getAlgorithm());
        assertFalse(Files.exists(dataDir.resolve(".agent.key.tmp")));
    }

    @Test
    void theDerivedPublicKeyVerifiesWhatThePrivateKeySigns() throws Exception {
        new AgentKeyFile(dataDir).loadOrCreate();
        KeyPair keys = new AgentKeyFile(dataDir).load();

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update("hello".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(keys.getPublic());
        verifier.update("hello".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(signature));
    }

    @Test
    void aCorruptKeyFileRefusesToStartNamingTheFile() throws Exception {
        Path path = dataDir.resolve("agent.key");
        Files.writeString(path, "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");

        CorruptKeyException e = assertThrows(CorruptKeyException.class, () -> new AgentKeyFile(dataDir).loadOrCreate());

        assertTrue(e.getMessage().startsWith("key file " + path + " is unusable"), e.getMessage());
        assertTrue(e.getMessage().contains("delete the data directory " + dataDir), e.getMessage());
        assertTrue(Files.readString(path).contains("not base64"), "the file is left for the operator");
    }

    @Test
    void aTruncatedOrForeignKeyIsRefused() throws Exception {
        Path path = dataDir.resolve("agent.key");
        Files.writeString(path, "-----BEGIN PRIVATE KEY-----\nMIGH\n");
        assertThrows(CorruptKeyException.class, () -> new AgentKeyFile(dataDir).load());

        Files.writeString(path, "");
        assertThrows(CorruptKeyException.class, () -> new AgentKeyFile(dataDir).load());

        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        Files.writeString(path, PemText.encode("PRIVATE KEY", p384.generateKeyPair().getPrivate().getEncoded()));
        assertTrue(assertThrows(CorruptKeyException.class, () -> new AgentKeyFile(dataDir).load()).getMessage()
                .contains("not an ECDSA P-256 key"));

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Files.writeString(path, PemText.encode("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded()));
        assertThrows(CorruptKeyException.class, () -> new AgentKeyFile(dataDir).load());
    }

    @Test
    void publicKeyPemIsSubjectPublicKeyInfo() {
        String pem = AgentKeyFile.publicKeyPem(TestCertificates.p256().getPublic());

        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
    }
}
