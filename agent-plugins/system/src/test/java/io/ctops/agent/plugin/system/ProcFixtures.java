package io.ctops.agent.plugin.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The host roots under {@code src/test/resources/proc-fixtures/<scenario>/}. */
final class ProcFixtures {

    private ProcFixtures() {
    }

    /** {@return the scenario's directory, to use as a host root} */
    static Path hostRoot(String scenario) {
        URL url = ProcFixtures.class.getResource("/proc-fixtures/" + scenario);
        if (url == null) {
            throw new IllegalArgumentException("no fixture scenario " + scenario);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the scenario's files over {@code hostRoot}, as if time had moved on to that scenario. */
    static void copyInto(String scenario, Path hostRoot) {
        Path from = hostRoot(scenario);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path to = hostRoot.resolve(from.relativize(file).toString());
                Files.createDirectories(to.getParent());
                Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
