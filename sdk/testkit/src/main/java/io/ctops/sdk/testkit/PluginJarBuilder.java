package io.ctops.sdk.testkit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
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
import java.util.stream.Stream;

/**
 * Builds a plugin jar from classes and resources on the test class path, so a test can try plugins
 * with different manifests and contents without a separate Maven module per case.
 *
 * <pre>{@code
 * Path jar = PluginJarBuilder.plugin("hello", "1.0.0")
 *         .extension(HelloResource.class)
 *         .resource("db/migration/hello/V1__hello.sql")
 *         .writeTo(dir);
 * }</pre>
 */
public final class PluginJarBuilder {

    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<Class<?>> classes = new ArrayList<>();
    private final List<Class<?>> extensions = new ArrayList<>();
    private final List<String> resources = new ArrayList<>();

    private PluginJarBuilder(String id, String version) {
        manifest.put("Plugin-Id", requireNonNull(id, "id is null"));
        manifest.put("Plugin-Version", requireNonNull(version, "version is null"));
        manifest.put("Plugin-Requires", ">=0.1.0");
        manifest.put("Plugin-Provider", "CT-Ops testkit");
    }

    public static PluginJarBuilder plugin(String id, String version) {
        return new PluginJarBuilder(id, version);
    }

    /** The main class ({@code Plugin-Class}), usually a {@code CtopsPlugin} subclass. */
    public PluginJarBuilder pluginClass(Class<?> type) {
        manifest.put("Plugin-Class", type.getName());
        classes.add(type);
        return this;
    }

    /** An {@code @Extension} class: packed and listed in META-INF/extensions.idx. */
    public PluginJarBuilder extension(Class<?> type) {
        extensions.add(type);
        classes.add(type);
        return this;
    }

    /** Any other class the plugin needs (nested classes of added classes come along). */
    public PluginJarBuilder withClass(Class<?> type) {
        classes.add(type);
        return this;
    }

    /** A class-path resource copied into the jar under the same name. */
    public PluginJarBuilder resource(String name) {
        resources.add(name);
        return this;
    }

    /** The SDK range it needs, e.g. {@code >=0.1.0}. */
    public PluginJarBuilder requires(String range) {
        manifest.put("Plugin-Requires", range);
        return this;
    }

    /** Other plugins it needs, e.g. {@code base@>=1.0.0}. */
    public PluginJarBuilder dependencies(String dependencies) {
        manifest.put("Plugin-Dependencies", dependencies);
        return this;
    }

    /** Writes {@code <id>-<version>.jar} into the directory and returns its path. */
    public Path writeTo(Path directory) {
        Path jar = directory.resolve(manifest.get("Plugin-Id") + "-" + manifest.get("Plugin-Version") + ".jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        try {
            Files.createDirectories(directory);
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, mf)) {
                for (Class<?> type : classes) {
                    for (String name : classFilesOf(type)) {
                        copyResource(out, name);
                    }
                }
                for (String name : resources) {
                    copyResource(out, name);
                }
                if (!extensions.isEmpty()) {
                    out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
                    StringBuilder index = new StringBuilder();
                    extensions.forEach(e -> index.append(e.getName()).append('\n'));
                    out.write(index.toString().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar, e);
        }
    }

    private static List<String> classFilesOf(Class<?> type) throws IOException {
        String own = type.getName().replace('.', '/') + ".class";
        URL url = requireNonNull(type.getClassLoader().getResource(own), own + " not on the class path");
        List<String> names = new ArrayList<>(List.of(own));
        if ("file".equals(url.getProtocol())) {
            try {
                Path file = Path.of(url.toURI());
                String prefix = type.getSimpleName() + "$";
                String packagePath = own.substring(0, own.lastIndexOf('/') + 1);
                try (Stream<Path> siblings = Files.list(file.getParent())) {
                    siblings.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith(prefix) && n.endsWith(".class"))
                            .forEach(n -> names.add(packagePath + n));
                }
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        }
        return names;
    }

    private static void copyResource(JarOutputStream out, String name) throws IOException {
        try (InputStream in = PluginJarBuilder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path");
            }
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
