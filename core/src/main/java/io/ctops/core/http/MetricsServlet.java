package io.ctops.core.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/** {@code /metrics} in the Prometheus text exposition format. */
final class MetricsServlet extends HttpServlet {

    private final transient Supplier<String> exposition;

    MetricsServlet(Supplier<String> exposition) {
        this.exposition = exposition;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().print(exposition.get());
    }
}
