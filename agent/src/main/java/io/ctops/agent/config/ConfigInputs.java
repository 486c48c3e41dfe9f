package io.ctops.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the command line says about the configuration.
 *
 * @param configFile {@code --config}
 * @param dataDir {@code --data-dir}
 * @param pluginsDir {@code --plugins-dir}
 * @param hostRoot {@code --host-root}
 * @param tags every {@code --tag key=value}, in order
 */
public record ConfigInputs(Optional<Path> configFile, Optional<String> dataDir, Optional<String> pluginsDir,
        Optional<String> hostRoot, List<String> tags) {

    public ConfigInputs {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(pluginsDir, "pluginsDir is null");
        requireNonNull(hostRoot, "hostRoot is null");
        tags = List.copyOf(tags);
    }

    /** {@return inputs with nothing given on the command line} */
    public static ConfigInputs none() {
        return new ConfigInputs(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }
}
