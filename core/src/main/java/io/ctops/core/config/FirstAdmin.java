package io.ctops.core.config;

import java.util.Map;
import java.util.Optional;

/**
 * The organisation and super_admin to create head-less on an empty database
 * ({@code CT_OPS_ADMIN_EMAIL}, {@code CT_OPS_ADMIN_PASSWORD}, optional {@code CT_OPS_ADMIN_ORG},
 * default "Default"). Ignored once any user exists. The password never appears in a message.
 */
public record FirstAdmin(String organisation, String email, String password) {

    public static Optional<FirstAdmin> fromEnvironment(Map<String, String> env) {
        String email = blankToNull(env.get("CT_OPS_ADMIN_EMAIL"));
        String password = env.get("CT_OPS_ADMIN_PASSWORD");
        if (email == null && (password == null || password.isEmpty())) {
            return Optional.empty();
        }
        if (email == null) {
            throw new ConfigException("CT_OPS_ADMIN_EMAIL", "is required when CT_OPS_ADMIN_PASSWORD is set");
        }
        if (password == null || password.isEmpty()) {
            throw new ConfigException("CT_OPS_ADMIN_PASSWORD", "is required when CT_OPS_ADMIN_EMAIL is set");
        }
        String org = blankToNull(env.get("CT_OPS_ADMIN_ORG"));
        return Optional.of(new FirstAdmin(org == null ? "Default" : org, email, password));
    }

    @Override
    public String toString() {
        return "FirstAdmin[organisation=" + organisation + ", email=" + email + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
