package io.ctops.core.plugin;

/**
 * A part of the server that puts plugin contributions to work (queue consumers, jobs, REST resources,
 * views). {@link #started} throwing fails the plugin; {@link #stopping} must not throw and must undo
 * everything {@link #started} did.
 */
public interface PluginLifecycleListener {

    void started(RunningPlugin plugin);

    void stopping(RunningPlugin plugin);
}
