package io.ctops.agent.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedValuesAndEscapes() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", 2.50);
        map.put("c", "say \"hi\"\n");
        map.put("d", List.of(1, 2));
        map.put("e", Map.of());
        map.put("f", Double.NaN);
        assertEquals("{\n  \"a\": 1,\n  \"b\": 2.5,\n  \"c\": \"say \\\"hi\\\"\\n\",\n  \"d\": [1, 2],\n  \"e\": {},\n"
                + "  \"f\": null\n}\n", Json.write(map));
    }
}
