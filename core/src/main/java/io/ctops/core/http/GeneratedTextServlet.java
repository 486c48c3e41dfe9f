package io.ctops.core.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Answers GET with text the server generates per request: /metrics (Prometheus text format) and
 * /.well-known/jwks.json (the JWT verification keys).
 */
final class GeneratedTextServlet extends HttpServlet {

    private final String contentType;
    private final String cacheControl;
    private final transient Supplier<String> body;

    GeneratedTextServlet(String contentType, String cacheControl, Supplier<String> body) {
        this.contentType = contentType;
        this.cacheControl = cacheControl;
        this.body = body;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(contentType);
        response.setHeader("Cache-Control", cacheControl);
        response.getWriter().print(body.get());
    }
}
