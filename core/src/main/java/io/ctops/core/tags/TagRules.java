package io.ctops.core.tags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jooq.JSONB;

/**
 * The one set of rules for host and token tags, wherever they come from (registration, enrolment
 * tokens, the UI, the API): keys are case-insensitive and stored lower case, so {@code Env} and
 * {@code env} are one key in the catalogue; values keep their case. Breaking a rule throws
 * {@link IllegalArgumentException} with a message for the user; callers turn it into their refusal.
 */
public final class TagRules {

    public static final int MAX_TAGS = 64;
    public static final int MAX_VALUE = 256;
    private static final Pattern KEY = Pattern.compile("[a-z0-9_.:/-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private TagRules() {
    }

    /** Checks every pair; answers them sorted with lower-case keys; two keys differing only in case are refused. */
    public static Map<String, String> normalise(Map<String, String> tags, boolean emptyValuesAllowed) {
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("too many tags (at most " + MAX_TAGS + ")");
        }
        Map<String, String> clean = new TreeMap<>();
        tags.forEach((k, v) -> {
            String key = key(k);
            if (clean.put(key, value(v, emptyValuesAllowed)) != null) {
                throw new IllegalArgumentException("tag key '" + key + "' is given twice");
            }
        });
        return clean;
    }

    /** A key stripped and lower-cased, or refused. */
    public static String key(String key) {
        String clean = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        if (!KEY.matcher(clean).matches()) {
            throw new IllegalArgumentException("tag key must be 1-64 letters, digits or _.:/-");
        }
        return clean;
    }

    /** A value stripped, at most {@value #MAX_VALUE} printable characters, or refused. */
    public static String value(String value, boolean emptyAllowed) {
        String clean = value == null ? "" : value.strip();
        if ((clean.isEmpty() && !emptyAllowed) || clean.length() > MAX_VALUE
                || clean.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("tag value must be " + (emptyAllowed ? "0" : "1") + "-" + MAX_VALUE
                    + " printable characters");
        }
        return clean;
    }

    public static String json(Map<String, String> tags) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(tags));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tags cannot be written as JSON", e);
        }
    }

    public static JSONB jsonb(Map<String, String> tags) {
        return JSONB.valueOf(json(tags));
    }

    public static Map<String, String> fromJson(JSONB json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json.data(), STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored tags are not a JSON object of strings", e);
        }
    }
}
