package io.ctops.agent.host;

import java.util.List;

/**
 * The packages every plugin class loader takes from the agent instead of from the plugin jar.
 *
 * <p>Types in these packages cross the boundary between agent and plugin (a plugin's collector
 * fills the agent's {@code Vitals.Builder}), so both sides must see the very same classes. Anything
 * else a plugin bundles, it gets from its own jar first, so two plugins can use different versions
 * of a library. This list is the one place that decides it.
 */
public final class SharedPackages {

    /** Package prefixes, each ending in a dot. */
    public static final List<String> PREFIXES = List.of(
            "io.ctops.sdk.agent.",    // the SDK: extension points and the plugin context
            "io.ctops.proto.",        // messages used by the SDK (Vitals, CheckResult, ...)
            "com.google.protobuf.",   // what those messages are made of
            "org.pf4j.",              // ExtensionPoint, @Extension, Plugin
            "org.slf4j.");            // so plugin logs reach the agent's log

    private SharedPackages() {
    }

    /** {@return whether the class (or resource path with slashes) belongs to a shared package} */
    public static boolean isShared(String className) {
        String name = className.replace('/', '.');
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
