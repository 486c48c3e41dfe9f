package io.ctops.core.web;

import static java.util.Objects.requireNonNull;

import com.vaadin.flow.server.VaadinContext;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinServletContext;
import io.ctops.core.api.ProductInfo;
import io.ctops.core.plugin.PluginHost;
import io.ctops.core.services.CoreServices;
import java.time.Duration;

/**
 * The server services that views need, kept as a servlet-context attribute: views are created by
 * Vaadin, not by us, and must not reach them through static state.
 */
public record WebServices(ProductInfo product, PluginHost plugins, PluginRoutes pluginRoutes, CoreServices services,
                          Duration sessionTimeout, FleetChanges changes,
                          java.util.OptionalInt ingestPort) {

    public WebServices {
        requireNonNull(product, "product is null");
        requireNonNull(plugins, "plugins is null");
        requireNonNull(pluginRoutes, "pluginRoutes is null");
        requireNonNull(services, "services is null");
        requireNonNull(sessionTimeout, "sessionTimeout is null");
        requireNonNull(changes, "changes is null");
        requireNonNull(ingestPort, "ingestPort is null");
        // plugin views ask PluginContext.caller() who is signed in; only a request thread has a session
        io.ctops.core.access.CurrentCaller.useSessionLookup(
                () -> com.vaadin.flow.server.VaadinSession.getCurrent() == null ? java.util.Optional.empty() : UiSession.actor());
    }

    /** The services of the servlet handling the current request. */
    public static WebServices current() {
        VaadinServlet servlet = VaadinServlet.getCurrent();
        if (servlet == null) {
            throw new IllegalStateException("not in a Vaadin request");
        }
        return of(new VaadinServletContext(servlet.getServletContext()));
    }

    static WebServices of(VaadinContext context) {
        Object services = context instanceof VaadinServletContext servletContext
                ? servletContext.getContext().getAttribute(WebServices.class.getName()) : null;
        if (services == null) {
            throw new IllegalStateException("WebServices are not registered in the servlet context");
        }
        return (WebServices) services;
    }
}
