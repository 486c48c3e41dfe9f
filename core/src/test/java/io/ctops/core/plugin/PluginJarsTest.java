package io.ctops.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.ManifestPluginDescriptorFinder;

class PluginJarsTest {

    @TempDir
    Path dir;

    private final PluginJars jars = new PluginJars(new ManifestPluginDescriptorFinder());

    @Test
    void pluginsComeAfterTheirDependenciesAndUnreadableOrUnresolvableJarsAtTheEnds() throws IOException {
        Path app = jar("a-app.jar", "app", "base");
        Path base = jar("b-base.jar", "base", null);
        Path orphan = jar("c-orphan.jar", "orphan", "missing");
        Path garbage = Files.writeString(dir.resolve("d-garbage.jar"), "not a zip");
        Path loopOne = jar("e-one.jar", "one", "two");
        Path loopTwo = jar("f-two.jar", "two", "one");

        List<Path> ordered = jars.dependenciesFirst(PluginJars.in(dir));

        assertEquals(garbage, ordered.get(0), "unreadable jars first: they fail on their own");
        assertTrue(ordered.indexOf(base) < ordered.indexOf(app), ordered.toString());
        assertTrue(ordered.indexOf(orphan) < ordered.indexOf(loopOne), "a missing dependency is not a cycle: " + ordered);
        assertEquals(List.of(loopOne, loopTwo), ordered.subList(4, 6), "a cycle goes last");
        assertEquals(6, ordered.size());
    }

    @Test
    void aJarWithoutIdOrVersionIsNotAPluginAndSaysWhy() throws IOException {
        Path noId = jar("no-id.jar", null, null);
        assertTrue(jars.descriptor(noId).isEmpty());
        assertEquals("its manifest lacks Plugin-Id or Plugin-Version", jars.whyUnreadable(noId));
        Path notZip = Files.writeString(dir.resolve("x.jar"), "text");
        assertTrue(jars.descriptor(notZip).isEmpty());
        assertTrue(!jars.whyUnreadable(notZip).isBlank());
    }

    private Path jar(String file, String id, String dependencies) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (id != null) {
            manifest.getMainAttributes().putValue("Plugin-Id", id);
            manifest.getMainAttributes().putValue("Plugin-Version", "1.0.0");
        }
        if (dependencies != null) {
            manifest.getMainAttributes().putValue("Plugin-Dependencies", dependencies);
        }
        Path jar = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
