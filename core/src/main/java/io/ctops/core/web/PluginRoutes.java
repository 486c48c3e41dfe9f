package io.ctops.core.web;

import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;
import io.ctops.core.plugin.PluginLifecycleListener;
import io.ctops.core.plugin.RunningPlugin;
import io.ctops.sdk.web.NavEntry;
import jakarta.servlet.ServletContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Registers the views of running plugins as routes inside the shell, and removes them when a plugin
 * stops. Plugins may start before the web server; their routes are registered once it is up.
 */
public final class PluginRoutes implements PluginLifecycleListener {

    private static final Pattern PATH = Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*");
    private static final Set<String> CORE_PATHS = Set.of("", "plugins", "api", "healthz", "metrics", "VAADIN", "webjars");

    private final Map<String, List<NavEntry>> byPlugin = new ConcurrentHashMap<>();
    private volatile RouteConfiguration routes;

    /** Connects to Vaadin's route registry once the web server has started. */
    public synchronized void attach(ServletContext servletContext) {
        routes = RouteConfiguration.forRegistry(
                ApplicationRouteRegistry.getInstance(new VaadinServletContext(servletContext)));
        byPlugin.values().forEach(entries -> entries.forEach(this::register));
    }

    @Override
    public synchronized void started(RunningPlugin plugin) {
        List<NavEntry> entries = plugin.extensions(NavEntry.class);
        for (NavEntry entry : entries) {
            String path = entry.path();
            if (path == null || !PATH.matcher(path).matches() || CORE_PATHS.contains(path.split("/")[0])) {
                throw new IllegalStateException("view path '" + path + "' is not a free lower-case route");
            }
            boolean taken = byPlugin.values().stream().flatMap(List::stream).anyMatch(e -> e.path().equals(path));
            if (taken) {
                throw new IllegalStateException("view path '" + path + "' is already used by another plugin");
            }
        }
        byPlugin.put(plugin.id(), entries);
        if (routes != null) {
            entries.forEach(this::register);
        }
    }

    @Override
    public synchronized void stopping(RunningPlugin plugin) {
        List<NavEntry> entries = byPlugin.remove(plugin.id());
        if (entries != null && routes != null) {
            entries.forEach(entry -> routes.removeRoute(entry.path()));
        }
    }

    /** The menu entries of running plugins, in menu order. */
    public List<NavEntry> navEntries() {
        return byPlugin.values().stream().flatMap(List::stream)
                .sorted(Comparator.comparingInt(NavEntry::order).thenComparing(NavEntry::title))
                .toList();
    }

    /** The role a plugin view requires, if the class is a running plugin's view. */
    public java.util.Optional<String> requiredRole(Class<?> view) {
        return byPlugin.values().stream().flatMap(List::stream).filter(e -> e.view() == view)
                .map(NavEntry::requiredRole).findFirst();
    }

    private void register(NavEntry entry) {
        routes.setRoute(entry.path(), entry.view(), List.of(MainLayout.class));
    }
}
