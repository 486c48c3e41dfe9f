package io.ctops.core.plugin;

import io.ctops.sdk.PluginContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/** Creates plugin objects, passing the plugin's context to a constructor that takes one. */
public final class ContextInjector {

    private ContextInjector() {
    }

    public static <T> T create(Class<T> type, PluginContext context) {
        try {
            for (Constructor<?> constructor : type.getConstructors()) {
                Class<?>[] parameters = constructor.getParameterTypes();
                if (parameters.length == 1 && parameters[0] == PluginContext.class) {
                    return type.cast(constructor.newInstance(context));
                }
            }
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new PluginFailure(type.getName()
                    + " needs a public constructor taking nothing or a PluginContext");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new PluginFailure("constructor of " + type.getName() + " failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new PluginFailure("cannot create " + type.getName() + ": " + e, e);
        }
    }
}
