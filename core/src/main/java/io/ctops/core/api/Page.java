package io.ctops.core.api;

import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of a list answer with links to its neighbours, built from the request URI so every filter
 * the client sent is kept in the links.
 */
public record Page<T>(List<T> items, long total, int page, int pageSize, int pages, Map<String, String> links) {

    static <T> Page<T> of(List<T> items, long total, int page, int pageSize, UriInfo uri) {
        int pages = (int) Math.max(1, (total + pageSize - 1) / pageSize);
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", link(uri, page));
        links.put("first", link(uri, 0));
        links.put("last", link(uri, pages - 1));
        if (page > 0) {
            links.put("prev", link(uri, Math.min(page - 1, pages - 1)));
        }
        if (page < pages - 1) {
            links.put("next", link(uri, page + 1));
        }
        return new Page<>(items, total, page, pageSize, pages, links);
    }

    private static String link(UriInfo uri, int page) {
        return uri.getRequestUriBuilder().replaceQueryParam("page", page).build().toString();
    }
}
