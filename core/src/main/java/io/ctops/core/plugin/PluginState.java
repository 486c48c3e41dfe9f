package io.ctops.core.plugin;

/** Where a plugin is in its lifecycle, as the host sees it. */
public enum PluginState {
    /** Its jar was read and its classes are loadable; not running. */
    LOADED,
    /** Migrated and running: its consumers, jobs, resources and views are live. */
    STARTED,
    /** Stopped by the server shutting down or before an upgrade. */
    STOPPED,
    /** Switched off by an operator; stays off across restarts. */
    DISABLED,
    /** Could not be loaded, migrated or started; {@link PluginStatus#reason()} says why. */
    FAILED
}
