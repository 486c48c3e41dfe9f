package io.ctops.core.plugin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;

/** Reads plugin jars before they are loaded: their descriptors, and the order to load them in. */
final class PluginJars {

    private final PluginDescriptorFinder finder;

    PluginJars(PluginDescriptorFinder finder) {
        this.finder = requireNonNull(finder, "finder is null");
    }

    /** The jars in a directory, by name; none when it does not exist. */
    static List<Path> in(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins directory " + dir, e);
        }
    }

    /** The manifest of a plugin jar, when it is one with an id and a version. */
    Optional<PluginDescriptor> descriptor(Path jar) {
        try {
            PluginDescriptor descriptor = finder.find(jar);
            if (descriptor.getPluginId() == null || descriptor.getPluginId().isBlank()
                    || descriptor.getVersion() == null || descriptor.getVersion().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(descriptor);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why {@link #descriptor} found no plugin in the jar. */
    String whyUnreadable(Path jar) {
        try {
            finder.find(jar);
            return "its manifest lacks Plugin-Id or Plugin-Version";
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /**
     * The jars with every plugin after the plugins it depends on; unreadable jars first (they fail on
     * their own), jars in a dependency cycle or needing a missing plugin last (they fail with a reason).
     */
    List<Path> dependenciesFirst(List<Path> jars) {
        Map<Path, PluginDescriptor> readable = new LinkedHashMap<>();
        List<Path> ordered = new ArrayList<>();
        for (Path jar : jars) {
            descriptor(jar).ifPresentOrElse(d -> readable.put(jar, d), () -> ordered.add(jar));
        }
        Set<String> provided = new HashSet<>();
        readable.values().forEach(d -> provided.add(d.getPluginId()));
        Set<String> placed = new HashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (var entry : List.copyOf(readable.entrySet())) {
                boolean ready = entry.getValue().getDependencies().stream()
                        .map(PluginDependency::getPluginId)
                        .allMatch(id -> placed.contains(id) || !provided.contains(id));
                if (ready) {
                    ordered.add(entry.getKey());
                    placed.add(entry.getValue().getPluginId());
                    readable.remove(entry.getKey());
                    progress = true;
                }
            }
        }
        ordered.addAll(readable.keySet());
        return ordered;
    }
}
