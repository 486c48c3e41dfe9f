package io.ctops.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: SDK and shared libraries from the server ({@link HostPackages#SHARED}),
 * JDK classes from the platform, everything else from the plugin jar, then from the plugins it
 * depends on. Server internals are refused even if a plugin names them.
 */
final class IsolatingPluginClassLoader extends PluginClassLoader {

    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

    IsolatingPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader host) {
        super(manager, descriptor, host);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(className)) {
            if (HostPackages.isShared(className)) {
                return getParent().loadClass(className);
            }
            if (HostPackages.isForbidden(className)) {
                throw new ClassNotFoundException(className + " is a server internal; plugins may only use the SDK");
            }
            Class<?> loaded = findLoadedClass(className);
            if (loaded != null) {
                return loaded;
            }
            try {
                return platform.loadClass(className);
            } catch (ClassNotFoundException notInJdk) {
                // not a JDK class: look in the plugin
            }
            try {
                return findClass(className);
            } catch (ClassNotFoundException notInPlugin) {
                Class<?> fromDependency = loadClassFromDependencies(className);
                if (fromDependency != null) {
                    return fromDependency;
                }
                throw new ClassNotFoundException(className + " (not in the plugin jar, its dependencies or the SDK)");
            }
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        if (own != null || isPluginOwn(name)) {
            return own;
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isPluginOwn(name) ? findResources(name) : super.getResources(name);
    }

    /** Resources that describe the plugin itself must come from its jar, never from the server's class path. */
    private static boolean isPluginOwn(String name) {
        return name.startsWith("META-INF/extensions.idx") || name.startsWith("db/migration/");
    }
}
