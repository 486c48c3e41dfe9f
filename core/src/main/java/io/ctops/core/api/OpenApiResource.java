package io.ctops.core.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /api/v1/openapi.json}: the generated OpenAPI document; public, like the version. */
@Path("v1/openapi.json")
@Produces(MediaType.APPLICATION_JSON)
public final class OpenApiResource {

    /** The document, generated once when the application is created. */
    public record Document(Map<String, Object> content) {
    }

    private final Document document;

    @Inject
    public OpenApiResource(Document document) {
        this.document = document;
    }

    @GET
    public Map<String, Object> document() {
        return document.content();
    }
}
