package io.ctops.core.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the files of webjars on the server's class path at {@code /webjars/<name>/<version>/<file>}
 * (e.g. uPlot for the SDK's chart component), so the browser loads chart libraries from this server
 * and nothing from the network. Read straight from the class path for the reason given in
 * {@link PushScriptServlet}; only a few file types, and no path that could leave the webjars folder.
 */
final class WebjarServlet extends HttpServlet {

    private static final String BASE = "META-INF/resources/webjars/";
    // segments of letters, digits, dot, dash, underscore, none starting with a dot: no "..", no hidden files
    private static final Pattern PATH = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]{0,99}/){1,6}[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final Map<String, String> TYPES = Map.of(
            "js", "application/javascript;charset=utf-8",
            "mjs", "application/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "map", "application/json;charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "woff2", "font/woff2");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        if (!PATH.matcher(path).matches() || type == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        InputStream in = WebjarServlet.class.getClassLoader().getResourceAsStream(BASE + path);
        if (in == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(type);
        // the version is part of the path, so a file never changes under its name
        response.setHeader("Cache-Control", "public, max-age=604800, immutable");
        try (in; OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
