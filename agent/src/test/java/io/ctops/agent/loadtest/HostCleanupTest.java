package io.ctops.agent.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCleanupTest {

    @Test
    void keepsOnlyTheHostsOfTheRun() throws Exception {
        String page = """
                {"items": [
                  {"id": "11111111-1111-1111-1111-111111111111", "hostname": "lt-ab12-00000", "tags": {}},
                  {"id": "22222222-2222-2222-2222-222222222222", "hostname": "web-lt-ab12-1"},
                  {"id": "33333333-3333-3333-3333-333333333333", "hostname": "lt-ab123-00001"},
                  {"id": "44444444-4444-4444-4444-444444444444", "hostname": "lt-ab12-00001"}],
                 "total": 4, "page": 0, "page_size": 200, "pages": 1, "links": {}}
                """;
        assertEquals(List.of("11111111-1111-1111-1111-111111111111", "44444444-4444-4444-4444-444444444444"),
                HostCleanup.idsOfRun(page, "lt-ab12-"));
        assertEquals(List.of(), HostCleanup.idsOfRun("{\"items\": []}", "lt-ab12-"));
    }
}
