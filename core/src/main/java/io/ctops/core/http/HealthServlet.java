package io.ctops.core.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code /healthz}: 200 "ok" when the server can do its work, else 503 with the reason. */
final class HealthServlet extends HttpServlet {

    private final transient Supplier<Optional<String>> problem;

    /** @param problem what is wrong now, or empty when healthy */
    HealthServlet(Supplier<Optional<String>> problem) {
        this.problem = problem;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> wrong;
        try {
            wrong = problem.get();
        } catch (RuntimeException e) {
            wrong = Optional.of("health check failed: " + e.getMessage());
        }
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(wrong.isPresent() ? 503 : 200);
        response.getWriter().print(wrong.orElse("ok"));
    }
}
