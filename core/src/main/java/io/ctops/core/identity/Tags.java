package io.ctops.core.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jooq.JSONB;

/** Validates and stores host/token tags (key=value pairs). */
final class Tags {

    static final int MAX_TAGS = 64;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
    private static final int MAX_VALUE = 256;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private Tags() {
    }

    static Map<String, String> validate(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new IdentityRefusal(IdentityRefusal.Reason.INVALID_ARGUMENT, "too many tags (at most " + MAX_TAGS + ")");
        }
        Map<String, String> sorted = new TreeMap<>();
        tags.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                throw new IdentityRefusal(IdentityRefusal.Reason.INVALID_ARGUMENT,
                        "tag key must be 1-64 letters, digits or _.:/-");
            }
            if (value == null || value.length() > MAX_VALUE) {
                throw new IdentityRefusal(IdentityRefusal.Reason.INVALID_ARGUMENT, "tag value longer than " + MAX_VALUE);
            }
            sorted.put(key, value);
        });
        return sorted;
    }

    static JSONB toJson(Map<String, String> tags) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(new TreeMap<>(tags)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tags cannot be written as JSON", e);
        }
    }

    static Map<String, String> fromJson(JSONB json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json.data(), STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored tags are not a JSON object of strings", e);
        }
    }

    static Map<String, String> merge(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(base);
        merged.putAll(overrides);
        return merged;
    }
}
