package io.ctops.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document lists exactly the operations Jersey serves: every resource method of every
 * registered resource class (as Jersey's own model of the classes sees them), and nothing else.
 */
class OpenApiDocumentTest {

    private static final Map<String, Object> DOCUMENT = OpenApiDocument.describe(RestApplication.RESOURCES, "test");

    @Test
    void everyJerseyResourceMethodIsDocumentedAndNothingElse() {
        Set<String> served = new TreeSet<>();
        for (Class<?> type : RestApplication.RESOURCES) {
            Resource resource = Resource.from(type);
            String base = "/" + resource.getPath();
            resource.getResourceMethods().forEach(m -> served.add(operation(m, base)));
            for (Resource child : resource.getChildResources()) {
                child.getResourceMethods().forEach(m -> served.add(operation(m, base + "/" + child.getPath())));
            }
        }
        Set<String> documented = new TreeSet<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) DOCUMENT.get("paths");
        paths.forEach((path, methods) -> methods.keySet().forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));

        assertTrue(served.size() > 40, "Jersey serves " + served);
        assertEquals(served, documented);
        assertEquals(Set.copyOf(documented), Set.copyOf(OpenApiDocument.operations(RestApplication.RESOURCES).stream()
                .map(o -> o.method().toUpperCase(Locale.ROOT) + " " + o.path()).toList()));
    }

    @Test
    void onlyTheVersionAndTheDocumentItselfArePublic() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) DOCUMENT.get("paths");
        Set<String> open = new TreeSet<>();
        paths.forEach((path, methods) -> methods.forEach((method, op) -> {
            if (op.containsKey("security")) {
                open.add(path);
            }
        }));
        assertEquals(Set.of("/v1/version", "/v1/openapi.json"), open);
        assertFalse(paths.containsKey("/v1/{pluginId}"), "plugin roots are locators, not operations");
    }

    private static String operation(ResourceMethod method, String path) {
        String clean = path.replaceAll("/+", "/").replaceAll("\\{\\s*([A-Za-z][\\w.-]*)\\s*:[^}]*}", "{$1}");
        if (clean.endsWith("/") && clean.length() > 1) {
            clean = clean.substring(0, clean.length() - 1);
        }
        return method.getHttpMethod() + " " + clean;
    }
}
