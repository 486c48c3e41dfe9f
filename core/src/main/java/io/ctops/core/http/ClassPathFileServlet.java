package io.ctops.core.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Serves static files from a folder on the server's class path, read straight from the class loader.
 * Vaadin's own static file handler turns the jar: URL of such a file into a {@code Path}, which fails
 * under Jetty 12 once the jar's zip file system is closed (every page with push then hangs while
 * loading); reading the class path resource directly has no such dependency. Where a gzipped copy
 * ({@code name.gz}) lies beside a file, a client that takes gzip gets it; a file shipped only gzipped
 * is inflated for a client that does not. Only names
 * matching the servlet's pattern and a few file types are served, so no path can leave the folder.
 */
final class ClassPathFileServlet extends HttpServlet {

    private static final Map<String, String> TYPES = Map.of(
            "js", "application/javascript;charset=utf-8",
            "mjs", "application/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "map", "application/json;charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "woff2", "font/woff2");

    private final String base;
    private final Pattern allowedPath;
    private final String cacheControl;

    private ClassPathFileServlet(String base, Pattern allowedPath, String cacheControl) {
        this.base = base;
        this.allowedPath = allowedPath;
        this.cacheControl = cacheControl;
    }

    /** Vaadin's push client, {@code /VAADIN/static/push/vaadinPush-min.js}, which flow-push ships gzipped. */
    static ClassPathFileServlet vaadinPush() {
        // the page asks for it with a content hash in the query, so it may be kept for a day
        return new ClassPathFileServlet("META-INF/resources/VAADIN/static/push/",
                Pattern.compile("[A-Za-z0-9.-]{1,64}\\.js"), "public, max-age=86400");
    }

    /**
     * The files of webjars at {@code /webjars/<name>/<version>/<file>} (e.g. uPlot for the SDK's chart
     * component), so the browser loads libraries from this server and nothing from the network.
     */
    static ClassPathFileServlet webjars() {
        // segments of letters, digits, dot, dash, underscore, none starting with a dot: no "..", no hidden files;
        // the version is part of the path, so a file never changes under its name
        return new ClassPathFileServlet("META-INF/resources/webjars/",
                Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]{0,99}/){1,6}[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}"),
                "public, max-age=604800, immutable");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        if (type == null || !allowedPath.matcher(path).matches()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        ClassLoader loader = ClassPathFileServlet.class.getClassLoader();
        boolean gzipAccepted = String.valueOf(request.getHeader("Accept-Encoding")).contains("gzip");
        InputStream gzipped = gzipAccepted ? loader.getResourceAsStream(base + path + ".gz") : null;
        InputStream body = gzipped != null ? gzipped : loader.getResourceAsStream(base + path);
        if (body == null) {
            InputStream onlyGzipped = loader.getResourceAsStream(base + path + ".gz");
            body = onlyGzipped == null ? null : new GZIPInputStream(onlyGzipped);
        }
        if (body == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(type);
        response.setHeader("Cache-Control", cacheControl);
        if (gzipped != null) {
            response.setHeader("Content-Encoding", "gzip");
        }
        try (InputStream in = body; OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
