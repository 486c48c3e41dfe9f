package io.ctops.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Reading API answers in the REST tests, and the hosts they need, inserted as ingest would leave them. */
final class RestJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RestJson() {
    }

    static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Asserts the status and answers the parsed body. */
    static JsonNode expect(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), () -> response.request().method() + " " + response.request().uri()
                + " answered " + response.statusCode() + ": " + response.body());
        return response.body().isEmpty() ? JSON.nullNode() : parse(response);
    }

    /** Asserts an error answer: its status and {"error": {"code": code, ...}}; answers the message. */
    static String expectError(int status, String code, HttpResponse<String> response) {
        JsonNode body = expect(status, response);
        assertEquals(code, body.path("error").path("code").asText(), response.body());
        return body.path("error").path("message").asText();
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts an online host as heartbeats would have left it; answers its id. */
    static UUID insertHost(DSLContext dsl, UUID orgId, String hostname, String os, String ip) {
        return dsl.resultQuery("INSERT INTO host (org_id, hostname, os, ip_addresses, status, last_seen_at, created_at) "
                        + "VALUES (?, ?, ?, ARRAY[?], 'online', now(), now()) RETURNING id", orgId, hostname, os, ip)
                .fetchOne(0, UUID.class);
    }

    static int count(DSLContext dsl, String table, String condition, Object... bindings) {
        return dsl.fetchCount(DSL.selectOne().from(DSL.table(table)).where(condition, bindings));
    }
}
