package io.ctops.core.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string form ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}),
 * so the parameters travel with each hash and can be raised later without breaking old ones.
 * Defaults follow OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
 */
public final class PasswordHasher {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final int lanes;

    public PasswordHasher() {
        this(19 * 1024, 2, 1);
    }

    PasswordHasher(int memoryKib, int iterations, int lanes) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.lanes = lanes;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, lanes, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + lanes + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    /** True when the password matches; a malformed stored hash never matches. */
    public boolean verify(String password, String stored) {
        Matcher m = stored == null ? null : PHC.matcher(stored);
        if (m == null || !m.matches()) {
            return false;
        }
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, B64D.decode(m.group(4)), Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** A hash to verify against when the user does not exist, so the answer takes the same time. */
    public String decoy() {
        return hash("decoy-password-that-never-matches");
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(lanes).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
