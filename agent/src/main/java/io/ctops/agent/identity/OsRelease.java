package io.ctops.agent.identity;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution named by {@code /etc/os-release}: {@code NAME} and {@code VERSION_ID}, e.g.
 * {@code Debian GNU/Linux 12}, else {@code PRETTY_NAME}.
 */
public final class OsRelease {

    private OsRelease() {
    }

    /** {@return the name and version in the file's text, if it names any} */
    public static Optional<String> describe(String text) {
        Map<String, String> values = parse(text);
        String name = values.get("NAME");
        String version = values.get("VERSION_ID");
        if (name != null && version != null) {
            return Optional.of(name + " " + version);
        }
        return Optional.ofNullable(values.get("PRETTY_NAME")).or(() -> Optional.ofNullable(name));
    }

    /** The variables of the file: {@code KEY=value}, values optionally in single or double quotes. */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals <= 0) {
                continue;
            }
            String value = unquote(trimmed.substring(equals + 1).strip());
            if (!value.isBlank()) {
                values.put(trimmed.substring(0, equals).strip(), value);
            }
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
