package io.ctops.core.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.0 description of the core API, written by reading the JAX-RS annotations of the
 * registered resource classes: paths, methods, path and query parameters, request bodies (with the
 * fields of record bodies) and the bearer-key security. Generated, so it cannot drift from the code.
 * Sub-resource locators (the plugins' own roots under {@code /api/v1/<plugin-id>/}) are not
 * operations and are left out.
 */
final class OpenApiDocument {

    private static final Pattern TEMPLATE_REGEX = Pattern.compile("\\{\\s*([A-Za-z][\\w.-]*)\\s*:[^}]*}");
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private OpenApiDocument() {
    }

    /** One HTTP method on one path, the unit an OpenAPI document describes. */
    record Operation(String method, String path) {
    }

    static Map<String, Object> describe(List<Class<?>> resources, String version) {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Class<?> resource : resources) {
            for (Method method : resourceMethods(resource)) {
                Operation operation = operationOf(resource, method);
                Map<String, Object> byMethod = paths.computeIfAbsent(operation.path(), p -> new LinkedHashMap<>());
                @SuppressWarnings("unchecked")
                Map<String, Object> existing = (Map<String, Object>) byMethod.get(operation.method());
                if (existing == null) {
                    byMethod.put(operation.method(), describe(resource, method, operation));
                } else {
                    // the same operation taking another media type (the plugin upload): one more body type
                    mergeBody(existing, requestBody(resource, method));
                }
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.3");
        document.put("info", Map.of("title", "CT-Ops REST API", "version", version, "description",
                "Send Authorization: Bearer <API key> on every call except /v1/version and /v1/openapi.json. "
                        + "Errors are {\"error\": {\"code\", \"message\"}}. Lists page with page (from 0) and page_size "
                        + "and answer items, total, page, page_size, pages and links. Plugins add their own "
                        + "resources under /api/v1/<plugin-id>/, which this document does not describe."));
        document.put("servers", List.of(Map.of("url", "/api")));
        document.put("security", List.of(Map.of("bearer", List.of())));
        document.put("paths", paths);
        document.put("components", Map.of(
                "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer",
                        "description", "an API key (ctops_ak_...) created in the UI, the API or bin/ctops admin")),
                "schemas", Map.of("Error", Map.of("type", "object", "properties", Map.of("error",
                        Map.of("type", "object", "properties", Map.of("code", Map.of("type", "string"),
                                "message", Map.of("type", "string"))))))));
        return document;
    }

    /** Every HTTP operation the resources answer, as the document lists them. */
    static List<Operation> operations(List<Class<?>> resources) {
        return resources.stream().flatMap(r -> resourceMethods(r).stream().map(m -> operationOf(r, m))).distinct().toList();
    }

    private static List<Method> resourceMethods(Class<?> resource) {
        if (!resource.isAnnotationPresent(Path.class)) {
            return List.of();
        }
        return Arrays.stream(resource.getMethods()).filter(m -> httpMethod(m) != null)
                .sorted(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())))
                .toList();
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static Operation operationOf(Class<?> resource, Method method) {
        String path = "/" + resource.getAnnotation(Path.class).value();
        Path sub = method.getAnnotation(Path.class);
        if (sub != null) {
            path += "/" + sub.value();
        }
        path = TEMPLATE_REGEX.matcher(path.replaceAll("/+", "/")).replaceAll("{$1}");
        return new Operation(httpMethod(method), path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path);
    }

    private static Map<String, Object> describe(Class<?> resource, Method method, Operation operation) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", resource.getSimpleName().replace("Resource", "") + "." + method.getName());
        op.put("tags", List.of(resource.getSimpleName().replace("Resource", "")));
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            Map<String, Object> described = parameter(parameter);
            if (described != null) {
                parameters.add(described);
            }
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        Map<String, Object> body = requestBody(resource, method);
        if (body != null) {
            op.put("requestBody", body);
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        Class<?> returns = method.getReturnType();
        if (returns == void.class) {
            responses.put("204", Map.of("description", "done"));
        } else if (returns == Response.class) {
            responses.put("2XX", Map.of("description", "done (201 with Location when something was created, 204 when there is no body)"));
        } else {
            responses.put("200", Map.of("description", "OK", "content", Map.of(MediaType.APPLICATION_JSON,
                    Map.of("schema", schema(method.getGenericReturnType())))));
        }
        responses.put("default", Map.of("description", "an error", "content",
                Map.of(MediaType.APPLICATION_JSON, Map.of("schema", Map.of("$ref", "#/components/schemas/Error")))));
        op.put("responses", responses);
        if (ApiAuthFilter.isPublic(operation.path())) {
            op.put("security", List.of());
        }
        return op;
    }

    private static Map<String, Object> parameter(Parameter parameter) {
        String in;
        String name;
        if (parameter.isAnnotationPresent(PathParam.class)) {
            in = "path";
            name = parameter.getAnnotation(PathParam.class).value();
        } else if (parameter.isAnnotationPresent(QueryParam.class)) {
            in = "query";
            name = parameter.getAnnotation(QueryParam.class).value();
        } else if (parameter.isAnnotationPresent(HeaderParam.class)) {
            in = "header";
            name = parameter.getAnnotation(HeaderParam.class).value();
            if (name.equalsIgnoreCase("Content-Type")) {
                return null; // OpenAPI describes the content type with the body
            }
        } else {
            return null;
        }
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", name);
        described.put("in", in);
        described.put("required", in.equals("path"));
        Map<String, Object> schema = new LinkedHashMap<>(schema(parameter.getParameterizedType()));
        DefaultValue defaultValue = parameter.getAnnotation(DefaultValue.class);
        if (defaultValue != null) {
            schema.put("default", defaultValue.value());
        }
        described.put("schema", schema);
        return described;
    }

    /** The entity parameter (the one without a JAX-RS annotation), if the method takes a body. */
    private static Map<String, Object> requestBody(Class<?> resource, Method method) {
        for (Parameter parameter : method.getParameters()) {
            boolean annotated = Arrays.stream(parameter.getAnnotations()).anyMatch(a ->
                    a.annotationType().getPackageName().startsWith("jakarta.ws.rs") || a instanceof Context);
            if (annotated) {
                continue;
            }
            Map<String, Object> content = new LinkedHashMap<>();
            for (String type : consumes(resource, method)) {
                content.put(type, Map.of("schema", type.startsWith("multipart/")
                        ? Map.of("type", "object", "properties", Map.of("file", Map.of("type", "string", "format", "binary")))
                        : schema(parameter.getParameterizedType())));
            }
            return new LinkedHashMap<>(Map.of("required", InputStream.class.isAssignableFrom(parameter.getType()), "content", content));
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void mergeBody(Map<String, Object> operation, Map<String, Object> body) {
        if (body == null) {
            return;
        }
        Map<String, Object> existing = (Map<String, Object>) operation.get("requestBody");
        if (existing == null) {
            operation.put("requestBody", body);
            return;
        }
        Map<String, Object> content = new LinkedHashMap<>((Map<String, Object>) existing.get("content"));
        content.putAll((Map<String, Object>) body.get("content"));
        existing.put("content", content);
    }

    private static List<String> consumes(Class<?> resource, Method method) {
        Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class)
                : resource.getAnnotation(Consumes.class);
        return consumes == null ? List.of(MediaType.APPLICATION_JSON) : List.of(consumes.value());
    }

    private static Map<String, Object> schema(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schema(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schema(arguments[1]));
            }
            if (raw == java.util.Optional.class) {
                return schema(arguments[0]);
            }
            return schema(raw);
        }
        if (!(type instanceof Class<?> cls)) {
            return Map.of();
        }
        if (cls == String.class) {
            return Map.of("type", "string");
        }
        if (cls == int.class || cls == Integer.class || cls == long.class || cls == Long.class) {
            return Map.of("type", "integer");
        }
        if (cls == double.class || cls == Double.class || cls == java.util.OptionalDouble.class) {
            return Map.of("type", "number");
        }
        if (cls == java.util.OptionalInt.class) {
            return Map.of("type", "integer");
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (cls == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (cls == UUID.class) {
            return Map.of("type", "string", "format", "uuid");
        }
        if (cls.isEnum()) {
            return Map.of("type", "string", "enum", Arrays.stream(cls.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(Locale.ROOT)).toList());
        }
        if (InputStream.class.isAssignableFrom(cls) || cls == byte[].class) {
            return Map.of("type", "string", "format", "binary");
        }
        if (cls.isRecord()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (RecordComponent component : cls.getRecordComponents()) {
                // nested records are named, not expanded, to keep the document small and cycle-free
                Type componentType = component.getGenericType();
                properties.put(SNAKE.translate(component.getName()),
                        componentType instanceof Class<?> c && c.isRecord() && c != cls
                                ? Map.of("type", "object", "description", c.getSimpleName())
                                : schema(componentType));
            }
            return Map.of("type", "object", "properties", properties);
        }
        return Map.of("type", "object");
    }
}
