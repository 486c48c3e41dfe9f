package io.ctops.core.api;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import io.ctops.core.admin.PluginAdmin;
import io.ctops.core.plugin.PluginHost;
import io.ctops.core.plugin.PluginStatus;
import io.ctops.core.services.CoreServices;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code /api/v1/plugins}: every installed plugin with its state, and enable / disable / upload /
 * uninstall at run time. Changes take a super_admin (see {@link PluginAdmin}).
 */
@Path("v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
public final class PluginsResource {

    private final PluginAdmin plugins;
    @Context
    private ContainerRequestContext request;
    @Context
    private UriInfo uri;

    @Inject
    public PluginsResource(CoreServices services, PluginHost host) {
        this.plugins = new PluginAdmin(host, services.audit());
    }

    /** A plugin as listed; {@code reason} says why it failed or was disabled. */
    public record PluginView(String id, String version, String state, String reason) {

        static PluginView of(PluginStatus status) {
            return new PluginView(status.id(), status.version(), status.state().name(), status.reason().orElse(null));
        }
    }

    @GET
    public List<PluginView> list() {
        return plugins.list(actor()).stream().map(PluginView::of).toList();
    }

    @GET
    @Path("{id}")
    public PluginView get(@PathParam("id") String id) {
        return PluginView.of(plugins.get(actor(), id));
    }

    @POST
    @Path("{id}/enable")
    public PluginView enable(@PathParam("id") String id) {
        return PluginView.of(plugins.enable(actor(), id));
    }

    @POST
    @Path("{id}/disable")
    public PluginView disable(@PathParam("id") String id) {
        return PluginView.of(plugins.disable(actor(), id));
    }

    /** Uninstalls: stopped, unloaded and its jar deleted; its tables and data stay. */
    @DELETE
    @Path("{id}")
    public Response uninstall(@PathParam("id") String id) {
        plugins.uninstall(actor(), id);
        return Answers.done();
    }

    /** Installs or upgrades from the jar sent as the body ({@code curl --data-binary @plugin.jar}). */
    @POST
    @Path("upload")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response upload(InputStream jar) {
        Actor actor = actor();
        actor.require(io.ctops.core.access.Role.SUPER_ADMIN);
        return install(actor, read(jar));
    }

    /** Installs or upgrades from the first file of a form upload ({@code curl -F file=@plugin.jar}). */
    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadForm(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream form) {
        Actor actor = actor();
        actor.require(io.ctops.core.access.Role.SUPER_ADMIN);
        return install(actor, MultipartFile.firstFile(contentType, read(form)));
    }

    private Response install(Actor actor, byte[] jar) {
        if (jar.length == 0) {
            throw Refusal.invalid("the upload is empty; send a plugin jar");
        }
        java.nio.file.Path file = null;
        try {
            file = Files.createTempFile("ctops-upload-", ".jar");
            Files.write(file, jar);
            PluginStatus installed = plugins.install(actor, file);
            return Response.created(uri.getBaseUriBuilder().path("v1/plugins").path(installed.id()).build())
                    .entity(PluginView.of(installed)).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the uploaded plugin", e);
        } finally {
            deleteQuietly(file);
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload", e);
        }
    }

    private static void deleteQuietly(java.nio.file.Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover temp file is harmless; the upload's outcome matters more
        }
    }

    private Actor actor() {
        return ApiAuthFilter.actor(request);
    }
}
