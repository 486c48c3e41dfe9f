package io.ctops.sdk.testkit;

import static io.ctops.sdk.testkit.RestJson.count;
import static io.ctops.sdk.testkit.RestJson.expect;
import static io.ctops.sdk.testkit.RestJson.expectError;
import static io.ctops.sdk.testkit.RestJson.insertHost;
import static io.ctops.sdk.testkit.RestJson.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctops.core.identity.NewEnrolmentToken;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bad input, over real HTTP: each gets a clear JSON error with the right status, and
 * nothing is stored in part.
 */
class RestApiBadInputIT {

    private static final Path JARS = FixtureJars.newDir();

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars();

    private static UUID orgA;
    private static UUID orgB;
    private static ApiUser adminA;
    private static ApiUser readOnlyA;
    private static ApiUser adminB;
    private static UUID hostA;

    @BeforeAll
    static void twoOrganisations() {
        orgA = server.createOrganisation("Org A");
        orgB = server.createOrganisation("Org B");
        adminA = server.createUser(orgA, "super_admin");
        readOnlyA = server.createUser(orgA, "read_only");
        adminB = server.createUser(orgB, "super_admin");
        hostA = insertHost(server.dsl(), orgA, "a-web-01", "linux", "10.1.0.1");
        insertHost(server.dsl(), orgA, "a-web-02", "linux", "10.1.0.2");
    }

    @Test
    void missingInvalidExpiredAndRevokedKeysAre401() {
        assertEquals("missing API key: send Authorization: Bearer <key>",
                expectError(401, "unauthenticated", server.api((String) null).get("/api/v1/hosts")));
        HttpResponse<String> basic = server.api((String) null).send(server.api((String) null).request("/api/v1/hosts")
                .header("Authorization", "Basic YWRtaW46YWRtaW4="));
        assertEquals("the Authorization header must be Bearer <key>", expectError(401, "unauthenticated", basic));
        assertEquals("Bearer realm=\"ct-ops\"", basic.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("invalid API key", expectError(401, "unauthenticated", server.api("ctops_ak_nosuchkey").get("/api/v1/hosts")));
        assertEquals("invalid API key", expectError(401, "unauthenticated", server.api("' OR 1=1 --").get("/api/v1/hosts")));

        ApiUser expiring = server.createUser(orgA, "engineer");
        server.dsl().execute("UPDATE api_key SET expires_at = now() - interval '1 minute' WHERE user_id = ?", expiring.id());
        assertEquals("API key expired", expectError(401, "unauthenticated", server.api(expiring).get("/api/v1/hosts")));

        ApiUser revoked = server.createUser(orgA, "engineer");
        String keyId = RestJson.parse(server.api(revoked).get("/api/v1/api-keys")).get(0).get("id").asText();
        expect(204, server.api(revoked).delete("/api/v1/api-keys/" + keyId));
        assertEquals("API key revoked", expectError(401, "unauthenticated", server.api(revoked).get("/api/v1/hosts")));
        assertTrue(!server.api(revoked).get("/api/v1/hosts").body().contains(revoked.apiKey()), "the secret is never echoed");

        // plugin paths are behind the same key check
        expectError(401, "unauthenticated", server.api((String) null).get("/api/v1/someplugin/anything"));
    }

    @Test
    void readOnlyMayReadButNotChange() {
        ApiClient reader = server.api(readOnlyA);
        expect(200, reader.get("/api/v1/hosts"));
        expect(200, reader.get("/api/v1/groups"));
        expect(200, reader.get("/api/v1/enrolment-tokens"));
        int groups = count(server.dsl(), "host_group", "org_id = ?", orgA);
        int tokens = count(server.dsl(), "enrolment_token", "org_id = ?", orgA);

        expectError(403, "forbidden", reader.post("/api/v1/groups", "{\"name\": \"mine\"}"));
        expectError(403, "forbidden", reader.patch("/api/v1/hosts/" + hostA, "{\"display_name\": \"changed\"}"));
        expectError(403, "forbidden", reader.delete("/api/v1/hosts/" + hostA));
        expectError(403, "forbidden", reader.put("/api/v1/hosts/" + hostA + "/tags", "{\"tags\": {\"a\": \"b\"}}"));
        expectError(403, "forbidden", reader.post("/api/v1/hosts/bulk-tags",
                "{\"selector\": {\"os\": \"linux\"}, \"key\": \"a\", \"value\": \"b\"}"));
        expectError(403, "forbidden", reader.post("/api/v1/enrolment-tokens", "{\"name\": \"t\"}"));
        expectError(403, "forbidden", reader.get("/api/v1/users"));
        expectError(403, "forbidden", reader.post("/api/v1/plugins/anything/enable", null));
        expectError(403, "forbidden", server.api(server.createUser(orgA, "org_admin")).post("/api/v1/plugins/upload",
                "application/octet-stream", new byte[] {1, 2, 3}));

        assertEquals(groups, count(server.dsl(), "host_group", "org_id = ?", orgA));
        assertEquals(tokens, count(server.dsl(), "enrolment_token", "org_id = ?", orgA));
        JsonNode host = expect(200, reader.get("/api/v1/hosts/" + hostA));
        assertTrue(host.get("display_name").isNull() && host.get("tags").isEmpty(), host.toString());
    }

    @Test
    void anotherOrganisationsIdsAreNotFoundAndUntouched() {
        ApiClient other = server.api(adminB);
        UUID groupA = UUID.fromString(expect(201, server.api(adminA).post("/api/v1/groups", "{\"name\": \"A only\"}"))
                .get("id").asText());
        UUID tokenA = server.identity().tokens().create(orgA, NewEnrolmentToken.named("A token", false), "test").token().id();
        String keyA = RestJson.parse(server.api(adminA).get("/api/v1/api-keys")).get(0).get("id").asText();

        expectError(404, "not_found", other.get("/api/v1/hosts/" + hostA));
        expectError(404, "not_found", other.patch("/api/v1/hosts/" + hostA, "{\"display_name\": \"mine now\"}"));
        expectError(404, "not_found", other.put("/api/v1/hosts/" + hostA + "/tags", "{\"tags\": {\"owner\": \"b\"}}"));
        expectError(404, "not_found", other.delete("/api/v1/hosts/" + hostA));
        expectError(404, "not_found", other.get("/api/v1/groups/" + groupA));
        expectError(404, "not_found", other.patch("/api/v1/groups/" + groupA, "{\"name\": \"taken\"}"));
        expectError(404, "not_found", other.delete("/api/v1/groups/" + groupA));
        expectError(404, "not_found", other.delete("/api/v1/enrolment-tokens/" + tokenA));
        expectError(404, "not_found", other.delete("/api/v1/api-keys/" + keyA));
        expectError(404, "not_found", other.get("/api/v1/users/" + adminA.id()));
        expectError(404, "not_found", other.post("/api/v1/users/" + readOnlyA.id() + "/disable", null));
        expectError(404, "not_found", other.post("/api/v1/agents/" + UUID.randomUUID() + "/approve", null));
        UUID groupB = UUID.fromString(expect(201, other.post("/api/v1/groups", "{\"name\": \"B group\"}")).get("id").asText());
        expectError(404, "not_found", other.post("/api/v1/groups/" + groupB + "/hosts", "{\"host_ids\": [\"" + hostA + "\"]}"));
        assertEquals(0, expect(200, other.get("/api/v1/hosts")).get("total").asInt(), "B sees none of A's hosts");
        assertEquals(0, expect(200, other.get("/api/v1/tags")).size());

        JsonNode host = expect(200, server.api(adminA).get("/api/v1/hosts/" + hostA));
        assertTrue(host.get("display_name").isNull() && host.get("tags").isEmpty(), host.toString());
        assertEquals("A only", expect(200, server.api(adminA).get("/api/v1/groups/" + groupA)).get("name").asText());
        assertEquals(0, count(server.dsl(), "host_group_member", "group_id = ?", groupB));
        assertEquals(0, count(server.dsl(), "enrolment_token", "id = ? AND revoked_at IS NOT NULL", tokenA));
        assertEquals(0, count(server.dsl(), "api_key", "id = ?::uuid AND revoked_at IS NOT NULL", keyA));
        assertEquals(0, count(server.dsl(), "app_user", "id = ? AND disabled_at IS NOT NULL", readOnlyA.id()));
    }

    @Test
    void malformedJsonUnknownFieldsAndBadIdsAre400() {
        ApiClient admin = server.api(adminA);
        assertTrue(expectError(400, "malformed_json", admin.post("/api/v1/groups", "{\"name\": ")).contains("not valid JSON"));
        expectError(400, "malformed_json", admin.post("/api/v1/groups", "{\"nmae\": \"typo\"}"));
        expectError(400, "malformed_json", admin.post("/api/v1/groups", "[1, 2]"));
        expectError(400, "invalid", admin.post("/api/v1/groups", null));
        expectError(400, "invalid", admin.get("/api/v1/hosts/not-a-uuid"));
        expectError(400, "invalid", admin.post("/api/v1/users", "{\"email\": \"x@example.com\", \"role\": \"god\", \"password\": \"long enough passphrase\"}"));
        expectError(400, "invalid", admin.post("/api/v1/users", "{\"email\": \"x@example.com\", \"password\": \"short\"}"));
        assertEquals(0, count(server.dsl(), "app_user", "email = 'x@example.com'"));
        expectError(400, "invalid", admin.post("/api/v1/hosts/bulk-tags", "{\"selector\": {}, \"key\": \"a\", \"value\": \"b\"}"));
        expectError(400, "invalid", admin.post("/api/v1/hosts/bulk-tags", "{\"selector\": {\"cidr\": \"10.0.0.0/99\"}, \"key\": \"a\", \"value\": \"b\"}"));
        assertEquals(0, count(server.dsl(), "host", "org_id = ? AND jsonb_exists(tags, 'a')", orgA));
        expectError(415, "unsupported_media_type", admin.post("/api/v1/groups", "text/plain", "name".getBytes()));
    }

    @Test
    void oversizedBodiesAre413AndStoreNothing() {
        String huge = "x".repeat(2 * 1024 * 1024);
        // refused by its declared length before any of the body is read: a raw request that declares
        // 2 MiB and sends none of it still gets its answer (HttpClient would race the server's close)
        String declared = rawPost("/api/v1/groups", adminA.apiKey(), huge.length() + 12);
        assertTrue(declared.startsWith("HTTP/1.1 413"), declared);
        assertTrue(declared.contains("\"code\":\"payload_too_large\""), declared);
        // chunked, without a length: counted while read, refused once past 1 MiB
        String over = "x".repeat(1024 * 1024 + 1024);
        HttpResponse<String> chunked = server.api(adminA).send(server.api(adminA).request("/api/v1/groups")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(("{\"name\": \"" + over + "\"}").getBytes()))));
        expectError(413, "payload_too_large", chunked);
        assertEquals(0, count(server.dsl(), "host_group", "length(name) > 1000"));
    }

    /** A POST that declares {@code length} bytes of JSON but sends none; answers the raw response. */
    private static String rawPost(String path, String apiKey, int length) {
        java.net.URI base = java.net.URI.create(server.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: Bearer " + apiKey + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pageSizesOutOfRangeAre400() {
        ApiClient admin = server.api(adminA);
        for (String query : List.of("page_size=0", "page_size=7", "page_size=201", "page_size=500", "page_size=-1",
                "page_size=abc", "page=-1", "page=x", "sort=password", "order=sideways", "status=sleeping")) {
            expectError(400, "invalid", admin.get("/api/v1/hosts?" + query));
        }
        assertEquals(2, expect(200, admin.get("/api/v1/hosts?page_size=200")).get("total").asInt());
        JsonNode beyond = expect(200, admin.get("/api/v1/hosts?page=5"));
        assertEquals(0, beyond.get("items").size(), "a page past the end is empty, not an error");
    }

    @Test
    void sqlAndHtmlMetacharactersAreOnlyData() {
        ApiClient admin = server.api(adminA);
        for (String search : List.of("' OR 1=1 --", "%", "_", "\\", "a-web-01' --", "\"; DROP TABLE host; --")) {
            JsonNode page = expect(200, admin.get("/api/v1/hosts?search=" + java.net.URLEncoder.encode(search,
                    java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(0, page.get("total").asInt(), "search " + search + " matched: " + page);
        }
        assertEquals(1, expect(200, admin.get("/api/v1/hosts?search=a-web-01")).get("total").asInt());

        String script = "<script>alert('x')</script>";
        HttpResponse<String> created = admin.post("/api/v1/groups", "{\"name\": " + quote(script) + "}");
        JsonNode group = expect(201, created);
        assertEquals(script, group.get("name").asText());
        assertTrue(created.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals(script, expect(200, admin.get("/api/v1/groups/" + group.get("id").asText())).get("name").asText());

        String drop = "x'); DROP TABLE host; --";
        assertEquals(drop, expect(200, admin.patch("/api/v1/hosts/" + hostA, "{\"display_name\": " + quote(drop) + "}"))
                .get("display_name").asText());
        assertEquals(1, expect(200, admin.get("/api/v1/hosts?search=" + java.net.URLEncoder.encode("DROP TABLE",
                java.nio.charset.StandardCharsets.UTF_8))).get("total").asInt());
        assertEquals(2, count(server.dsl(), "host", "org_id = ?", orgA), "the host table is intact");
        expect(200, admin.patch("/api/v1/hosts/" + hostA, "{\"display_name\": null}"));
    }

    @Test
    void aNonJarUploadIs400AndInstallsNothing() throws Exception {
        ApiClient admin = server.api(adminA);
        long jarsBefore;
        try (var files = Files.list(server.pluginsDir())) {
            jarsBefore = files.count();
        }
        String message = expectError(400, "invalid", admin.post("/api/v1/plugins/upload", "application/octet-stream",
                "this is not a jar".getBytes()));
        assertTrue(message.contains("is not a plugin jar"), message);
        expectError(400, "invalid", admin.post("/api/v1/plugins/upload", "application/octet-stream",
                Files.readAllBytes(FixtureJars.notAJar(JARS))));
        expectError(400, "invalid", admin.post("/api/v1/plugins/upload", "application/octet-stream", new byte[0]));
        String boundary = "b" + UUID.randomUUID();
        expectError(400, "invalid", admin.post("/api/v1/plugins/upload", "multipart/form-data; boundary=" + boundary,
                RestApiIT.multipart(boundary, "notes.txt", "hello".getBytes())));
        expectError(400, "invalid", admin.post("/api/v1/plugins/upload", "multipart/form-data; boundary=" + boundary,
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--" + boundary + "--\r\n").getBytes()));
        expectError(400, "invalid", admin.post("/api/v1/plugins/upload", "application/octet-stream",
                Files.readAllBytes(FixtureJars.good("future", "1.0.0").requires(">=99.0.0").writeTo(JARS))));

        assertEquals(0, expect(200, admin.get("/api/v1/plugins")).size());
        try (var files = Files.list(server.pluginsDir())) {
            assertEquals(jarsBefore, files.count(), "nothing was written to the plugins directory");
        }
        assertTrue(count(server.dsl(), "audit_log", "action = 'plugin.install' AND outcome = 'refused'") >= 1);
    }

    @Test
    void addingHostsToAGroupIsAllOrNothing() {
        ApiClient admin = server.api(adminA);
        String group = expect(201, admin.post("/api/v1/groups", "{\"name\": \"all or nothing\"}")).get("id").asText();
        expectError(404, "not_found", admin.post("/api/v1/groups/" + group + "/hosts",
                "{\"host_ids\": [\"" + hostA + "\", \"" + UUID.randomUUID() + "\"]}"));
        expectError(400, "invalid", admin.post("/api/v1/groups/" + group + "/hosts",
                "{\"host_ids\": [\"" + hostA + "\", \"nonsense\"]}"));
        assertEquals(0, expect(200, admin.get("/api/v1/groups/" + group)).get("host_count").asInt());
        expectError(409, "conflict", admin.post("/api/v1/groups", "{\"name\": \"ALL OR NOTHING\"}"));
    }
}
