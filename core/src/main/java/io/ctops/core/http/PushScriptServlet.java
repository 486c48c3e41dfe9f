package io.ctops.core.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Serves Vaadin's push client ({@code /VAADIN/static/push/vaadinPush-min.js}) from flow-push's jar.
 * Vaadin's own static file handler turns the jar: URL of that file into a {@code Path}, which fails
 * under Jetty 12 once the jar's zip file system is closed (every page with push then hangs while
 * loading); reading the class path resource directly has no such dependency. The jar ships the
 * minified script only gzipped, so it goes out gzipped, or inflated for a client that refuses gzip.
 */
final class PushScriptServlet extends HttpServlet {

    private static final String BASE = "META-INF/resources/VAADIN/static/push/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.-]{1,64}\\.js");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        if (!NAME.matcher(name).matches()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        ClassLoader loader = PushScriptServlet.class.getClassLoader();
        boolean gzipOk = String.valueOf(request.getHeader("Accept-Encoding")).contains("gzip");
        InputStream plain = loader.getResourceAsStream(BASE + name);
        InputStream gzipped = plain == null ? loader.getResourceAsStream(BASE + name + ".gz") : null;
        if (plain == null && gzipped == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType("application/javascript;charset=utf-8");
        // the page asks for it with a content hash in the query, so it may be kept for long
        response.setHeader("Cache-Control", "public, max-age=86400");
        InputStream body = plain;
        if (gzipped != null && gzipOk) {
            response.setHeader("Content-Encoding", "gzip");
            body = gzipped;
        } else if (gzipped != null) {
            body = new GZIPInputStream(gzipped);
        }
        try (InputStream in = body; OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
