package io.ctops.core.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/** {@code /.well-known/jwks.json}: the public keys that verify agent JWTs (current and recently retired). */
final class JwksServlet extends HttpServlet {

    private final transient Supplier<String> jwks;

    JwksServlet(Supplier<String> jwks) {
        this.jwks = jwks;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/jwk-set+json;charset=utf-8");
        response.setHeader("Cache-Control", "max-age=300");
        response.getWriter().print(jwks.get());
    }
}
