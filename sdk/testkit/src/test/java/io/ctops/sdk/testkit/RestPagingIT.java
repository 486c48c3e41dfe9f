package io.ctops.sdk.testkit;

import static io.ctops.sdk.testkit.RestJson.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hosts list of a 10,000-host organisation pages like a 100-host one: the first and the last
 * page are fetched over HTTP and the times printed (tests never assert on wall-clock speed; the
 * numbers are for the reader). What is asserted is that the pages are right.
 */
class RestPagingIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars();

    @Test
    void tenThousandHostsPageLikeAHundred() {
        ApiUser big = server.createUser(server.createOrganisation("Big fleet"), "read_only");
        ApiUser small = server.createUser(server.createOrganisation("Small fleet"), "read_only");
        insertHosts(big.orgId(), 10_000);
        insertHosts(small.orgId(), 100);
        server.dsl().execute("ANALYZE host");

        for (String sort : new String[] {"hostname", "last_seen"}) {
            long[] bigFirst = time(big, sort, 0, 10_000);
            long[] bigLast = time(big, sort, 399, 10_000);
            long[] smallFirst = time(small, sort, 0, 100);
            long[] smallLast = time(small, sort, 3, 100);
            System.out.printf("hosts page fetch, page_size 25, sort %s (median of 7, ms): 10,000 hosts first %d / last %d; "
                    + "100 hosts first %d / last %d%n", sort, median(bigFirst), median(bigLast), median(smallFirst), median(smallLast));
        }
        JsonNode last = expect(200, server.api(big).get("/api/v1/hosts?page=399&page_size=25&sort=hostname"));
        assertEquals("host-09976", last.get("items").get(0).get("hostname").asText());
        assertEquals("host-10000", last.get("items").get(24).get("hostname").asText());
        assertEquals(400, last.get("pages").asInt());
        assertEquals(false, last.get("links").has("next"));
    }

    private static void insertHosts(UUID orgId, int count) {
        server.dsl().execute("INSERT INTO host (org_id, hostname, os, ip_addresses, status, last_seen_at, cpu_percent) "
                + "SELECT ?, 'host-' || lpad(i::text, 5, '0'), CASE WHEN i % 3 = 0 THEN 'windows' ELSE 'linux' END, "
                + "ARRAY['10.' || (i / 65536) || '.' || (i / 256 % 256) || '.' || (i % 256)], "
                + "CASE WHEN i % 10 = 0 THEN 'offline' ELSE 'online' END, now() - (i || ' seconds')::interval, i % 100 "
                + "FROM generate_series(1, ?) AS i", orgId, count);
    }

    /** Seven timed fetches after two warm-ups; each checks the page is full and the total right. */
    private static long[] time(ApiUser user, String sort, int page, int total) {
        ApiClient client = server.api(user);
        String path = "/api/v1/hosts?page_size=25&sort=" + sort + "&page=" + page;
        for (int i = 0; i < 2; i++) {
            expect(200, client.get(path));
        }
        long[] millis = new long[7];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            JsonNode answer = expect(200, client.get(path));
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            assertEquals(total, answer.get("total").asInt());
            assertEquals(25, answer.get("items").size());
        }
        return millis;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
