package io.ctops.core.http;

import static java.util.Objects.requireNonNull;

import io.ctops.core.web.WebServices;
import jakarta.servlet.ServletContext;
import java.net.URL;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * One Jetty on one port: the Vaadin UI at {@code /}, Jersey at {@code /api/*}, {@code /healthz},
 * {@code /metrics} and webjar files at {@code /webjars/*}. Vaadin deploys its own servlet through the container initializers Jetty finds by
 * scanning the class path (so the server must run with every jar on {@code java.class.path}).
 */
public final class HttpServer implements AutoCloseable {

    static final String SCANNED_JARS =
            ".*/flow-server-[^/]*\\.jar$|.*/ctops-core-[^/]*\\.jar$|.*/core/target/classes/?$";

    private final Server server;
    private final WebAppContext context;

    public HttpServer(int port, ResourceConfig restApplication, Supplier<Optional<String>> healthProblem,
                      Supplier<String> metrics, Supplier<String> jwks, WebServices webServices) {
        requireNonNull(restApplication, "restApplication is null");
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);

        context = new WebAppContext();
        context.setContextPath("/");
        URL webRoot = requireNonNull(HttpServer.class.getResource("webroot/"), "webroot is missing from the core jar");
        // mounted by the root factory: the context's own factory closes the jar mount while Jetty stops,
        // which made every stop fail with ClosedFileSystemException
        context.setBaseResource(ResourceFactory.root().newResource(webRoot));
        // Scan only what holds initializers and routes (Vaadin's flow-server and core): scanning all
        // ~150 jars cost seconds at every start.
        context.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, SCANNED_JARS);
        context.setConfigurationDiscovered(true);
        context.setParentLoaderPriority(true);
        context.setThrowUnavailableOnStartupException(true);
        // the pre-built production bundle is in the core jar; never fall into development mode
        context.setInitParameter("productionMode", "true");
        // a session ends after the timeout without user activity, even while the page stays open
        context.setInitParameter("closeIdleSessions", "true");
        // logback would otherwise stop all logging when the web context stops, before the rest of shutdown
        context.setInitParameter("logbackDisableServletContainerInitializer", "true");
        context.setAttribute(WebServices.class.getName(), requireNonNull(webServices, "webServices is null"));

        context.addServlet(new ServletHolder("push-script", ClassPathFileServlet.vaadinPush()), "/VAADIN/static/push/*");
        context.addServlet(new ServletHolder("webjars", ClassPathFileServlet.webjars()), "/webjars/*");
        context.addServlet(new ServletHolder("rest", new ServletContainer(restApplication)), "/api/*");
        context.addServlet(new ServletHolder("health", new HealthServlet(healthProblem)), "/healthz");
        context.addServlet(new ServletHolder("metrics", new GeneratedTextServlet(
                "text/plain; version=0.0.4; charset=utf-8", "no-store", metrics)), "/metrics");
        context.addServlet(new ServletHolder("jwks", new GeneratedTextServlet(
                "application/jwk-set+json;charset=utf-8", "max-age=300", jwks)), "/.well-known/jwks.json");
        server.setHandler(context);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port it listens on (the chosen one when started with 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
