package io.ctops.core.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagRulesTest {

    @Test
    void keysAreLowerCasedAndValuesKeepTheirCase() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put(" Env ", " Prod ");
        in.put("rack/slot", "A1");
        assertEquals(Map.of("env", "Prod", "rack/slot", "A1"), TagRules.normalise(in, false));
    }

    @Test
    void keysDifferingOnlyInCaseAreOneKeyAndRefused() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("Env", "a");
        in.put("env", "b");
        var refused = assertThrows(IllegalArgumentException.class, () -> TagRules.normalise(in, true));
        assertEquals("tag key 'env' is given twice", refused.getMessage());
    }

    @Test
    void badKeysAndValuesAreRefusedWithTheRule() {
        assertThrows(IllegalArgumentException.class, () -> TagRules.key("has space"));
        assertThrows(IllegalArgumentException.class, () -> TagRules.key(""));
        assertThrows(IllegalArgumentException.class, () -> TagRules.key("k".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> TagRules.value("v".repeat(257), true));
        assertThrows(IllegalArgumentException.class, () -> TagRules.value("line\nbreak", true));
        assertEquals("tag value must be 1-256 printable characters",
                assertThrows(IllegalArgumentException.class, () -> TagRules.value(" ", false)).getMessage());
        assertEquals("", TagRules.value(" ", true), "an agent may send a tag without a value");
    }

    @Test
    void atMost64Tags() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("k" + i, "v");
        }
        assertThrows(IllegalArgumentException.class, () -> TagRules.normalise(many, true));
    }

    @Test
    void jsonRoundTripsSorted() {
        String json = TagRules.json(Map.of("b", "2", "a", "1"));
        assertEquals("{\"a\":\"1\",\"b\":\"2\"}", json);
        assertEquals(Map.of("a", "1", "b", "2"), TagRules.fromJson(TagRules.jsonb(Map.of("b", "2", "a", "1"))));
        assertEquals(Map.of(), TagRules.fromJson(null));
    }
}
