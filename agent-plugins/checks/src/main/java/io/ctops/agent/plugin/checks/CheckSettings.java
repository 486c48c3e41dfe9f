package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Reads one definition's settings as typed values, with messages an operator can act on. Every
 * method throws {@link IllegalArgumentException} for a missing or malformed value.
 */
final class CheckSettings {

    private final Map<String, String> values;

    private CheckSettings(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Settings that may only use the given keys: a key the check type does not know is most often a
     * typo ({@code timout_ms}) that would otherwise be silently ignored.
     */
    static CheckSettings of(CheckDefinition definition, Set<String> known) {
        requireNonNull(definition, "definition is null");
        Set<String> unknown = new TreeSet<>(definition.getSettingsMap().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting(s) " + String.join(", ", unknown)
                    + "; known: " + String.join(", ", new TreeSet<>(known)));
        }
        return new CheckSettings(definition.getSettingsMap());
    }

    /** {@return the value, trimmed; blank counts as not set} */
    Optional<String> optional(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String required(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException(key + " is missing"));
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ", not \""
                + text.get() + "\"");
    }

    boolean flag(String key, boolean defaultValue) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not \"" + text.get() + "\"");
        };
    }
}
