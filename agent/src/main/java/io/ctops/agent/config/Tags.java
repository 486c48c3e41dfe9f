package io.ctops.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Host tags sent at registration: the same limits the server applies, checked here so that a bad
 * tag stops the agent with a line naming the setting instead of a refused registration.
 */
public final class Tags {

    static final int MAX_TAGS = 64;
    static final int MAX_VALUE = 256;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");

    private Tags() {
    }

    /**
     * Parses a command line tag, {@code key=value}; {@code key:value} is accepted when there is no
     * {@code =}.
     *
     * @param text the option's value
     * @param setting where it came from
     * @return the key and value
     */
    public static Map.Entry<String, String> parseArgument(String text, String setting) {
        int equals = text.indexOf('=');
        int split = equals >= 0 ? equals : text.indexOf(':');
        if (split <= 0) {
            throw new ConfigException(setting, "'" + text + "' is not key=value");
        }
        String key = text.substring(0, split).strip();
        String value = text.substring(split + 1).strip();
        check(key, value, setting);
        return Map.entry(key, value);
    }

    /**
     * Checks a key and value against the server's limits.
     *
     * @throws ConfigException naming the setting
     */
    public static void check(String key, String value, String setting) {
        if (!KEY.matcher(key).matches()) {
            throw new ConfigException(setting, "tag key '" + key + "' must be 1-64 letters, digits or _ . : / -");
        }
        if (value.length() > MAX_VALUE) {
            throw new ConfigException(setting, "the value of tag '" + key + "' is longer than " + MAX_VALUE
                    + " characters");
        }
    }

    /** {@return the tags of both, the overrides winning, after checking the count} */
    public static Map<String, String> merge(Map<String, String> base, Map<String, String> overrides, String setting) {
        Map<String, String> merged = new LinkedHashMap<>(base);
        merged.putAll(overrides);
        if (merged.size() > MAX_TAGS) {
            throw new ConfigException(setting, "more than " + MAX_TAGS + " tags");
        }
        return merged;
    }
}
