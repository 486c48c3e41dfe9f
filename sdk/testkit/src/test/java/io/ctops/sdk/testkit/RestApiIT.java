package io.ctops.sdk.testkit;

import static io.ctops.sdk.testkit.RestJson.count;
import static io.ctops.sdk.testkit.RestJson.expect;
import static io.ctops.sdk.testkit.RestJson.expectError;
import static io.ctops.sdk.testkit.RestJson.insertHost;
import static io.ctops.sdk.testkit.RestJson.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctops.proto.agent.v1.AgentStatus;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each core REST resource's happy path over real HTTP against a real server and database. */
class RestApiIT {

    private static final Path JARS = FixtureJars.newDir();

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars();

    private static UUID org;
    private static ApiUser admin;
    private static ApiUser engineer;
    private static ApiClient api;

    @BeforeAll
    static void organisation() {
        org = server.createOrganisation("Acme");
        admin = server.createUser(org, "super_admin");
        engineer = server.createUser(org, "engineer");
        api = server.api(engineer);
    }

    @Test
    void hostsListPageSearchSortRenameTagDelete() {
        UUID org2 = server.createOrganisation("Hosts Inc");
        ApiClient hosts = server.api(server.createUser(org2, "engineer"));
        UUID web1 = insertHost(server.dsl(), org2, "web-01", "linux", "10.0.0.1");
        insertHost(server.dsl(), org2, "web-02", "linux", "10.0.0.2");
        UUID db1 = insertHost(server.dsl(), org2, "db-01", "windows", "10.0.1.1");

        JsonNode page = expect(200, hosts.get("/api/v1/hosts?page_size=25&sort=hostname"));
        assertEquals(3, page.get("total").asInt());
        assertEquals(1, page.get("pages").asInt());
        assertEquals(List.of("db-01", "web-01", "web-02"), hostnames(page));
        assertTrue(page.get("links").get("self").asText().contains("page=0"), page.toString());
        assertEquals("online", page.get("items").get(0).get("status").asText());

        assertEquals(List.of("web-02", "web-01"), hostnames(expect(200, hosts.get("/api/v1/hosts?search=web&sort=hostname&order=desc"))));
        assertEquals(List.of("db-01"), hostnames(expect(200, hosts.get("/api/v1/hosts?search=10.0.1."))));
        assertEquals(List.of("db-01"), hostnames(expect(200, hosts.get("/api/v1/hosts?os=windows"))));

        JsonNode renamed = expect(200, hosts.patch("/api/v1/hosts/" + web1, "{\"display_name\": \"Front door\"}"));
        assertEquals("Front door", renamed.get("display_name").asText());
        assertEquals("Front door", expect(200, hosts.get("/api/v1/hosts/" + web1)).get("display_name").asText());

        expect(200, hosts.put("/api/v1/hosts/" + web1 + "/tags", "{\"tags\": {\"Env\": \"prod\", \"team\": \"web\"}}"));
        JsonNode bulk = expect(200, hosts.post("/api/v1/hosts/bulk-tags",
                "{\"selector\": {\"hostname_glob\": \"web-*\"}, \"key\": \"tier\", \"value\": \"frontend\"}"));
        assertEquals(2, bulk.get("changed").asInt());
        assertEquals(List.of("web-01", "web-02"), hostnames(expect(200, hosts.get("/api/v1/hosts?tag=tier:frontend"))));
        JsonNode catalogue = expect(200, hosts.get("/api/v1/tags"));
        assertEquals("[{\"key\":\"env\",\"values\":{\"prod\":1}},{\"key\":\"team\",\"values\":{\"web\":1}},"
                + "{\"key\":\"tier\",\"values\":{\"frontend\":2}}]", catalogue.toString());

        JsonNode overview = expect(200, hosts.get("/api/v1/hosts/overview"));
        assertEquals(3, overview.get("total").asInt());

        expect(204, hosts.delete("/api/v1/hosts/" + db1));
        expectError(404, "not_found", hosts.get("/api/v1/hosts/" + db1));
        assertEquals(2, expect(200, hosts.get("/api/v1/hosts")).get("total").asInt());
    }

    @Test
    void groupsCreateRenameMembersDelete() {
        UUID host = insertHost(server.dsl(), org, "grp-01", "linux", "10.9.0.1");
        HttpResponse<String> created = api.post("/api/v1/groups", "{\"name\": \"Databases\"}");
        JsonNode group = expect(201, created);
        String id = group.get("id").asText();
        assertEquals(server.baseUrl() + "/api/v1/groups/" + id, created.headers().firstValue("Location").orElseThrow());
        assertEquals("Databases", group.get("name").asText());

        expect(200, api.patch("/api/v1/groups/" + id, "{\"name\": \"Primary databases\"}"));
        JsonNode added = expect(200, api.post("/api/v1/groups/" + id + "/hosts", "{\"host_ids\": [\"" + host + "\"]}"));
        assertEquals(1, added.get("host_count").asInt());
        assertEquals("Primary databases", added.get("name").asText());
        assertEquals(List.of("grp-01"), hostnames(expect(200, api.get("/api/v1/hosts?group=" + id))));
        assertEquals(id, expect(200, api.get("/api/v1/hosts/" + host + "/groups")).get(0).get("id").asText());
        assertTrue(expect(200, api.get("/api/v1/groups")).toString().contains("Primary databases"));

        expect(204, api.delete("/api/v1/groups/" + id + "/hosts/" + host));
        assertEquals(0, expect(200, api.get("/api/v1/groups/" + id)).get("host_count").asInt());
        expect(204, api.delete("/api/v1/groups/" + id));
        expectError(404, "not_found", api.get("/api/v1/groups/" + id));
    }

    @Test
    void enrolmentTokensAndAgentApproval() {
        HttpResponse<String> created = api.post("/api/v1/enrolment-tokens",
                "{\"name\": \"rack 4\", \"max_uses\": 5, \"tags\": {\"site\": \"ams\"}}");
        JsonNode token = expect(201, created);
        String secret = token.get("secret").asText();
        String tokenId = token.get("token").get("id").asText();
        assertTrue(secret.startsWith("ctops_et_"), token.toString());
        assertTrue(token.get("install_command").asText().contains("CT_OPS_ORG_TOKEN='" + secret + "'"), token.toString());
        assertTrue(token.get("install_command").asText().contains(":" + server.grpcPort() + "'"), token.toString());
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/enrolment-tokens/" + tokenId));
        HttpResponse<String> listed = api.get("/api/v1/enrolment-tokens");
        assertTrue(listed.body().contains(tokenId) && !listed.body().contains(secret), "the list never shows the secret");

        try (TestAgent approved = TestAgent.create("pending-01", "10.5.0.1");
             TestAgent rejected = TestAgent.create("pending-02", "10.5.0.2")) {
            String approvedId = approved.register(server, secret).getAgentId();
            String rejectedId = rejected.register(server, secret).getAgentId();
            JsonNode pending = expect(200, api.get("/api/v1/agents/pending"));
            assertEquals(2, pending.size(), pending.toString());
            assertEquals("rack 4", pending.get(0).get("token_name").asText());

            expect(204, api.post("/api/v1/agents/" + approvedId + "/approve", null));
            assertEquals(AgentStatus.AGENT_STATUS_ACTIVE, approved.register(server, secret).getStatus());
            expect(204, api.post("/api/v1/agents/" + rejectedId + "/reject", "{\"reason\": \"unknown machine\"}"));
            assertEquals(0, expect(200, api.get("/api/v1/agents/pending")).size());
            expectError(409, "failed_precondition", api.post("/api/v1/agents/" + rejectedId + "/approve", null));
        }

        expect(204, api.delete("/api/v1/enrolment-tokens/" + tokenId));
        assertFalse(expect(200, api.get("/api/v1/enrolment-tokens")).get(0).get("revoked_at").isNull());
    }

    @Test
    void usersRolesAndDisabling() {
        ApiClient orgAdmin = server.api(server.createUser(org, "org_admin"));
        HttpResponse<String> created = orgAdmin.post("/api/v1/users",
                "{\"email\": \"Ann@Example.com\", \"display_name\": \"Ann\", \"role\": \"read_only\", \"password\": \"long enough passphrase\"}");
        JsonNode user = expect(201, created);
        String id = user.get("id").asText();
        assertEquals("ann@example.com", user.get("email").asText());
        assertFalse(created.body().contains("passphrase") || created.body().contains("argon2"), created.body());
        assertTrue(expect(200, orgAdmin.get("/api/v1/users")).toString().contains("ann@example.com"));

        assertEquals("engineer", expect(200, orgAdmin.put("/api/v1/users/" + id + "/role", "{\"role\": \"engineer\"}"))
                .get("role").asText());
        expectError(403, "forbidden", orgAdmin.put("/api/v1/users/" + id + "/role", "{\"role\": \"super_admin\"}"));

        ApiUser target = server.createUser(org, "engineer");
        expect(200, server.api(target).get("/api/v1/me"));
        assertFalse(expect(200, orgAdmin.post("/api/v1/users/" + target.id() + "/disable", null)).get("disabled_at").isNull());
        expectError(401, "unauthenticated", server.api(target).get("/api/v1/me"));
        expect(200, orgAdmin.post("/api/v1/users/" + target.id() + "/enable", null));
        expect(200, server.api(target).get("/api/v1/me"));
    }

    @Test
    void apiKeysAreShownOnceAndRevocable() {
        ApiUser owner = server.createUser(org, "read_only");
        ApiClient client = server.api(owner);
        HttpResponse<String> created = client.post("/api/v1/api-keys", "{\"name\": \"ci\", \"expires_at\": \"2099-01-01T00:00:00Z\"}");
        JsonNode key = expect(201, created);
        String secret = key.get("secret").asText();
        String id = key.get("key").get("id").asText();
        assertTrue(secret.startsWith("ctops_ak_"));
        assertEquals(secret.substring(0, 15), key.get("key").get("prefix").asText());
        HttpResponse<String> listed = client.get("/api/v1/api-keys");
        assertTrue(listed.body().contains(id) && !listed.body().contains(secret), listed.body());
        assertEquals(2, parseSize(listed));

        assertEquals(owner.email(), expect(200, server.api(secret).get("/api/v1/me")).get("email").asText());
        expect(204, client.delete("/api/v1/api-keys/" + id));
        assertEquals("API key revoked", expectError(401, "unauthenticated", server.api(secret).get("/api/v1/me")));
    }

    @Test
    void meAndPasswordChange() {
        ApiUser me = server.createUser(org, "engineer");
        ApiClient client = server.api(me);
        JsonNode self = expect(200, client.get("/api/v1/me"));
        assertEquals(me.email(), self.get("email").asText());
        assertEquals("engineer", self.get("role").asText());
        assertFalse(self.has("password_hash"));

        expectError(400, "invalid", client.post("/api/v1/me/password",
                "{\"current_password\": \"wrong password here\", \"new_password\": \"a brand new passphrase\"}"));
        expect(204, client.post("/api/v1/me/password", "{\"current_password\": " + quote(me.password())
                + ", \"new_password\": \"a brand new passphrase\"}"));
    }

    @Test
    void pluginsUploadDisableEnableUninstall() throws Exception {
        ApiClient root = server.api(admin);
        byte[] jar = Files.readAllBytes(FixtureJars.good("uploaded", "1.0.0").writeTo(JARS));
        HttpResponse<String> installed = root.post("/api/v1/plugins/upload", "application/octet-stream", jar);
        JsonNode plugin = expect(201, installed);
        assertEquals("STARTED", plugin.get("state").asText());
        assertTrue(installed.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/plugins/uploaded"));
        expect(200, root.get("/api/v1/uploaded/whoami"));
        expectError(401, "unauthenticated", server.api((String) null).get("/api/v1/uploaded/whoami"));

        JsonNode disabled = expect(200, root.post("/api/v1/plugins/uploaded/disable", null));
        assertEquals("DISABLED", disabled.get("state").asText());
        assertEquals("disabled by an operator", disabled.get("reason").asText());
        expectError(404, "not_found", root.get("/api/v1/uploaded/whoami"));
        assertEquals("STARTED", expect(200, root.post("/api/v1/plugins/uploaded/enable", null)).get("state").asText());

        byte[] upgrade = Files.readAllBytes(FixtureJars.good("uploaded", "1.1.0").writeTo(JARS));
        String boundary = "ctops-" + UUID.randomUUID();
        HttpResponse<String> form = root.post("/api/v1/plugins/upload", "multipart/form-data; boundary=" + boundary,
                multipart(boundary, "uploaded-1.1.0.jar", upgrade));
        assertEquals("1.1.0", expect(201, form).get("version").asText());
        assertTrue(root.get("/api/v1/uploaded/whoami").body().contains("1.1.0"));

        JsonNode list = expect(200, server.api(engineer).get("/api/v1/plugins"));
        assertEquals("uploaded", list.get(0).get("id").asText(), "anyone signed in may list plugins");
        expectError(403, "forbidden", server.api(engineer).post("/api/v1/plugins/uploaded/disable", null));

        expect(204, root.delete("/api/v1/plugins/uploaded"));
        assertEquals(0, expect(200, root.get("/api/v1/plugins")).size());
        assertFalse(Files.exists(server.pluginsDir().resolve("uploaded-1.1.0.jar")));
        expectError(404, "not_found", root.get("/api/v1/uploaded/whoami"));
        assertEquals(0, count(server.dsl(), "plugin_state", "plugin_id = ?", "uploaded"));
        assertTrue(count(server.dsl(), "audit_log", "action = 'plugin.uninstall' AND actor = ?", admin.email()) == 1);
    }

    @Test
    void openApiDocumentIsPublicAndDescribesBearerKeys() {
        JsonNode document = expect(200, server.api((String) null).get("/api/v1/openapi.json"));
        assertEquals("3.0.3", document.get("openapi").asText());
        assertEquals("bearer", document.at("/components/securitySchemes/bearer/scheme").asText());
        JsonNode hosts = document.at("/paths/~1v1~1hosts/get");
        List<String> parameters = new ArrayList<>();
        hosts.get("parameters").forEach(p -> parameters.add(p.get("name").asText() + "@" + p.get("in").asText()));
        assertEquals(List.of("search@query", "status@query", "os@query", "group@query", "tag@query", "sort@query",
                "order@query", "page@query", "page_size@query"), parameters);
        assertTrue(document.at("/paths/~1v1~1groups~1{id}/delete").has("responses"));
        assertTrue(document.at("/paths/~1v1~1plugins~1upload/post/requestBody/content").has("multipart/form-data"));
        assertTrue(document.at("/paths/~1v1~1plugins~1upload/post/requestBody/content").has("application/octet-stream"));
        assertEquals(0, document.at("/paths/~1v1~1version/get/security").size(), "the version is public");
        assertTrue(document.at("/paths/~1v1~1groups/post/requestBody/content/application~1json/schema/properties").has("name"));
    }

    private static int parseSize(HttpResponse<String> response) {
        return RestJson.parse(response).size();
    }

    private static List<String> hostnames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("hostname").asText()));
        return names;
    }

    static byte[] multipart(String boundary, String fileName, byte[] content) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }
}
