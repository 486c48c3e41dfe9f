package io.ctops.core.plugin;

import java.util.List;

/**
 * The one allow-list of packages a plugin class loader takes from the server. Everything else a plugin
 * uses comes from its own jar (or the JDK): a plugin cannot reach server internals, and its libraries
 * cannot clash with the server's.
 */
public final class HostPackages {

    /** Packages whose types cross the plugin boundary: the SDK and the libraries in its signatures. */
    public static final List<String> SHARED = List.of(
            "io.ctops.sdk.",
            "io.ctops.proto.",
            "org.pf4j.",
            "org.slf4j.",
            "org.jooq.",
            "com.google.protobuf.",
            "com.vaadin.",
            "elemental.json.",
            "jakarta.ws.rs.",
            "jakarta.annotation.",
            "jakarta.servlet.");

    /** Server internals: never visible to plugins. */
    public static final List<String> FORBIDDEN = List.of("io.ctops.core.", "io.ctops.db.");

    private HostPackages() {
    }

    static boolean isShared(String className) {
        return SHARED.stream().anyMatch(className::startsWith);
    }

    static boolean isForbidden(String className) {
        return FORBIDDEN.stream().anyMatch(className::startsWith);
    }
}
