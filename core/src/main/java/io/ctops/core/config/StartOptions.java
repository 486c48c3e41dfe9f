package io.ctops.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the operator-facing side that are not about where the server listens or stores data.
 *
 * @param firstAdmin created head-less on an empty database (see {@link FirstAdmin})
 * @param sessionTimeout a signed-in browser session ends after this long without use
 *     ({@code CT_OPS_SESSION_TIMEOUT_MINUTES}, 30, 1-1440)
 */
public record StartOptions(Optional<FirstAdmin> firstAdmin, Duration sessionTimeout) {

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);

    public StartOptions {
        requireNonNull(firstAdmin, "firstAdmin is null");
        requireNonNull(sessionTimeout, "sessionTimeout is null");
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("session timeout must be positive");
        }
    }

    public static StartOptions defaults() {
        return new StartOptions(Optional.empty(), DEFAULT_SESSION_TIMEOUT);
    }

    public static StartOptions fromEnvironment(Map<String, String> env) {
        String minutes = env.get("CT_OPS_SESSION_TIMEOUT_MINUTES");
        Duration timeout = DEFAULT_SESSION_TIMEOUT;
        if (minutes != null && !minutes.isBlank()) {
            try {
                int value = Integer.parseInt(minutes.strip());
                if (value < 1 || value > 1440) {
                    throw new NumberFormatException();
                }
                timeout = Duration.ofMinutes(value);
            } catch (NumberFormatException e) {
                throw new ConfigException("CT_OPS_SESSION_TIMEOUT_MINUTES", "'" + minutes + "' is not a number of minutes (1-1440)");
            }
        }
        return new StartOptions(FirstAdmin.fromEnvironment(env), timeout);
    }

    public StartOptions withSessionTimeout(Duration timeout) {
        return new StartOptions(firstAdmin, timeout);
    }
}
