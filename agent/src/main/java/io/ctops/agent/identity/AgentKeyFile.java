package io.ctops.agent.identity;

import io.ctops.agent.storage.AtomicFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The agent's ECDSA P-256 key pair, kept as a PKCS#8 PEM file ({@code agent.key}, mode 0600) in the
 * data directory. The private key never leaves the host; the public key is derived from it.
 */
public final class AgentKeyFile {

    public static final String FILE_NAME = "agent.key";
    private static final Logger log = LoggerFactory.getLogger(AgentKeyFile.class);
    private static final String PEM_TYPE = "PRIVATE KEY";
    /** The order n of the P-256 group (FIPS 186-4, D.1.2.3). */
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private final Path file;

    /** @param dataDir the agent's data directory */
    public AgentKeyFile(Path dataDir) {
        this.file = requireNonNull(dataDir, "dataDir is null").resolve(FILE_NAME);
    }

    /** {@return the key file's path} */
    public Path file() {
        return file;
    }

    /** {@return whether the key file exists} */
    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * Reads the key pair, or generates and stores one when there is no key file yet.
     *
     * @throws CorruptKeyException when the file exists but holds no usable P-256 key
     * @throws IOException when a new key cannot be written
     */
    public KeyPair loadOrCreate() throws CorruptKeyException, IOException {
        if (exists()) {
            return load();
        }
        KeyPair keys = generate();
        AtomicFiles.write(file, PemText.encode(PEM_TYPE, keys.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII),
                true);
        log.info("Generated this agent's P-256 key pair in {}", file);
        return keys;
    }

    /**
     * Reads the key pair.
     *
     * @throws CorruptKeyException when the file is missing, unreadable or holds no usable P-256 key
     */
    public KeyPair load() throws CorruptKeyException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (CharacterCodingException e) {
            throw new CorruptKeyException(file, "not a PEM text file");
        } catch (IOException e) {
            throw new CorruptKeyException(file, "cannot be read: " + e.getMessage());
        }
        warnIfReadableByOthers();
        PrivateKey privateKey;
        try {
            byte[] der = PemText.decode(PEM_TYPE, pem);
            privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException e) {
            throw new CorruptKeyException(file, "not a PKCS#8 PEM private key: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new CorruptKeyException(file, "not an EC private key");
        }
        if (!(privateKey instanceof ECPrivateKey ec) || !isP256(ec)) {
            throw new CorruptKeyException(file, "not an ECDSA P-256 key");
        }
        return new KeyPair(publicKeyOf(ec), privateKey);
    }

    private void warnIfReadableByOthers() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!AtomicFiles.OWNER_ONLY.containsAll(permissions)) {
                log.warn("Key file {} can be read by other users; restrict it with chmod 600", file);
            }
        } catch (IOException e) {
            // already read successfully; the check is advice only
        }
    }

    /** {@return a fresh ECDSA P-256 key pair, kept in memory only (the load generator's virtual agents use it)} */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate P-256 keys", e);
        }
    }

    private static boolean isP256(ECPrivateKey key) {
        BigInteger s = key.getS();
        return key.getParams().getOrder().equals(P256_ORDER)
                && key.getParams().getCurve().getField().getFieldSize() == 256
                && s.signum() > 0 && s.compareTo(P256_ORDER) < 0;
    }

    /** The public point is the private scalar times the curve's generator. */
    private static PublicKey publicKeyOf(ECPrivateKey key) {
        ECPoint w = EcPoints.multiplyGenerator(key.getParams(), key.getS());
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, key.getParams()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the public key", e);
        }
    }

    /** {@return the public key as SubjectPublicKeyInfo PEM, as Register expects it} */
    public static String publicKeyPem(PublicKey key) {
        return PemText.encode("PUBLIC KEY", key.getEncoded());
    }
}
