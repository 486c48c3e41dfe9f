package io.ctops.sdk;

import static java.util.Objects.requireNonNull;

import org.pf4j.Plugin;

/**
 * Optional base class of a plugin's main class ({@code Plugin-Class} in the manifest). A plugin that
 * needs no start or stop work can leave {@code Plugin-Class} out altogether.
 *
 * <p>Lifecycle: the server loads the jar, applies the plugin's migrations, then calls {@link #start()},
 * then starts its extensions (consumers, jobs, REST resources, views). {@link #stop()} is called after
 * those extensions are stopped; it must be idempotent.
 */
public abstract class CtopsPlugin extends Plugin {

    private final PluginContext context;

    protected CtopsPlugin(PluginContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** The services of the server this plugin runs in. */
    protected final PluginContext context() {
        return context;
    }
}
