package io.ctops.core.plugin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the host knows about one plugin jar.
 *
 * @param id the plugin id, or the jar's file name when the jar could not be read
 * @param version the plugin version, or "unknown"
 * @param state its state
 * @param reason why it failed or was disabled; empty when running
 * @param jar the jar it came from
 */
public record PluginStatus(String id, String version, PluginState state, Optional<String> reason, Path jar) {

    public PluginStatus {
        requireNonNull(id, "id is null");
        requireNonNull(version, "version is null");
        requireNonNull(state, "state is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(jar, "jar is null");
    }

    PluginStatus with(PluginState newState, String newReason) {
        return new PluginStatus(id, version, newState, Optional.ofNullable(newReason), jar);
    }
}
