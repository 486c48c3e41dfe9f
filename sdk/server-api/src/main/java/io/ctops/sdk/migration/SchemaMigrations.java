package io.ctops.sdk.migration;

import org.pf4j.ExtensionPoint;

/**
 * The plugin's database migrations (Flyway scripts {@code V<n>__<name>.sql}). They are applied when
 * the plugin is enabled, before it starts, with a history table of the plugin's own so plugins evolve
 * independently of each other and of the core schema. A failing script stops only this plugin.
 */
public interface SchemaMigrations extends ExtensionPoint {

    /**
     * The class-path folder of the scripts inside the plugin jar, by convention
     * {@code db/migration/<plugin-id>}.
     */
    String location();
}
