package io.ctops.agent.host;

import io.ctops.sdk.agent.AgentPluginContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.pf4j.PluginRuntimeException;

/**
 * Creates plugin classes and extensions the way the SDK promises: through a public constructor
 * taking an {@link AgentPluginContext} if there is one, else through the public no-argument one.
 */
final class ContextInjector {

    private ContextInjector() {
    }

    static <T> T newInstance(Class<T> type, AgentPluginContext context) {
        try {
            Constructor<T> constructor = constructor(type);
            return constructor.newInstance(argumentsFor(constructor, context));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new PluginRuntimeException(cause, "{} failed in its constructor: {}", type.getName(), cause);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new PluginRuntimeException(e, "cannot create {}: {}", type.getName(), e);
        }
    }

    private static <T> Constructor<T> constructor(Class<T> type) throws NoSuchMethodException {
        try {
            return type.getConstructor(AgentPluginContext.class);
        } catch (NoSuchMethodException e) {
            try {
                return type.getConstructor();
            } catch (NoSuchMethodException none) {
                throw new NoSuchMethodException("it has neither a public constructor taking AgentPluginContext"
                        + " nor a public no-argument one");
            }
        }
    }

    private static Object[] argumentsFor(Constructor<?> constructor, AgentPluginContext context) {
        return constructor.getParameterCount() == 0 ? new Object[0] : new Object[] {context};
    }
}
