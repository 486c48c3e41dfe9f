package io.ctops.sdk.rest;

import org.pf4j.ExtensionPoint;

/**
 * A plugin's REST API root, mounted at {@code /api/v1/<plugin-id>/}.
 *
 * <p>Annotate the implementing class's methods with JAX-RS annotations ({@code @GET},
 * {@code @Path("items")}, {@code @Produces}...); a class-level {@code @Path} is not used, the mount point
 * is. Return records or collections and they are written as JSON. One per plugin; split a larger API
 * into sub-resource classes returned from {@code @Path} methods. It is served while the plugin runs
 * and answers 404 once the plugin is disabled.
 */
public interface RestResource extends ExtensionPoint {
}
