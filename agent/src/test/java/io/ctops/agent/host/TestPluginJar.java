package io.ctops.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes a PF4J plugin jar from compiled test classes, the way the Maven build packs a real one. */
final class TestPluginJar {

    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<Class<?>> classes = new ArrayList<>();
    private final List<Class<?>> extensions = new ArrayList<>();

    private TestPluginJar(String pluginId) {
        if (pluginId != null) {
            manifest.put("Plugin-Id", pluginId);
        }
        manifest.put("Plugin-Version", "1.0.0");
        manifest.put("Plugin-Requires", ">=0.1.0");
    }

    static TestPluginJar plugin(String pluginId) {
        return new TestPluginJar(pluginId);
    }

    TestPluginJar manifest(String name, String value) {
        if (value == null) {
            manifest.remove(name);
        } else {
            manifest.put(name, value);
        }
        return this;
    }

    /** Packs the class and lists it in META-INF/extensions.idx. */
    TestPluginJar extension(Class<?> type) {
        extensions.add(type);
        return bundle(type);
    }

    /** Packs the class without listing it. */
    TestPluginJar bundle(Class<?> type) {
        classes.add(type);
        return this;
    }

    Path writeTo(Path dir, String fileName) {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((name, value) -> mf.getMainAttributes().putValue(name, value));
        Path jar = dir.resolve(fileName);
        try {
            Files.createDirectories(dir);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
                for (Class<?> type : classes) {
                    String entry = type.getName().replace('.', '/') + ".class";
                    out.putNextEntry(new JarEntry(entry));
                    copyClass(entry, out);
                    out.closeEntry();
                }
                out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
                for (Class<?> type : extensions) {
                    out.write((type.getName() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static void copyClass(String entry, OutputStream out) throws IOException {
        try (InputStream in = TestPluginJar.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("no class file " + entry + " on the test class path");
            }
            in.transferTo(out);
        }
    }
}
