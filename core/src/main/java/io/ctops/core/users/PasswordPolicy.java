package io.ctops.core.users;

import io.ctops.core.access.Refusal;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be: 12 to 256 characters, not the e-mail address or a part of it, not one of
 * the passwords every list of leaked passwords starts with, and not a single repeated character.
 * Length beats composition rules (NIST SP 800-63B), so there are no "one digit, one symbol" rules.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;
    private static final Set<String> COMMON = Set.of("password1234", "123456789012", "qwertyuiopas", "letmein12345",
            "passwordpassword", "administrator", "changeme1234", "welcome12345", "iloveyou1234", "ctopsctops12",
            "qwerty123456", "password123!", "1q2w3e4r5t6y", "abcdefghijkl", "adminadmin12");

    private PasswordPolicy() {
    }

    /** Refuses a password that breaks a rule, naming the rule. */
    public static void check(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw Refusal.invalid("password must be at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw Refusal.invalid("password must be at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)) {
            throw Refusal.invalid("password is too common");
        }
        if (lower.chars().distinct().count() < 4) {
            throw Refusal.invalid("password must use at least 4 different characters");
        }
        if (email != null) {
            String local = email.toLowerCase(Locale.ROOT).split("@", 2)[0];
            if (lower.contains(email.toLowerCase(Locale.ROOT)) || (local.length() >= 4 && lower.contains(local))) {
                throw Refusal.invalid("password must not contain the e-mail address");
            }
        }
    }
}
