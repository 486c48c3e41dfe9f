package io.ctops.core.identity;

import io.ctops.core.tags.TagRules;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.JSONB;

/**
 * Tags sent at registration or set on an enrolment token, checked with the fleet's {@link TagRules}
 * (keys lower-cased) so the catalogue is uniform; agents may send a tag without a value.
 */
final class Tags {

    private Tags() {
    }

    static Map<String, String> validate(Map<String, String> tags) {
        try {
            return TagRules.normalise(tags, true);
        } catch (IllegalArgumentException e) {
            throw new IdentityRefusal(IdentityRefusal.Reason.INVALID_ARGUMENT, e.getMessage());
        }
    }

    static JSONB toJson(Map<String, String> tags) {
        return TagRules.jsonb(tags);
    }

    static Map<String, String> fromJson(JSONB json) {
        return TagRules.fromJson(json);
    }

    static Map<String, String> merge(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(base);
        merged.putAll(overrides);
        return merged;
    }
}
