package io.ctops.core.web;

import com.vaadin.flow.di.DefaultInstantiator;
import com.vaadin.flow.di.Instantiator;
import com.vaadin.flow.di.InstantiatorFactory;
import com.vaadin.flow.server.VaadinService;
import io.ctops.core.plugin.ContextInjector;
import io.ctops.core.plugin.RunningPlugin;
import java.util.Optional;

/** Creates plugin views with their plugin's context; everything else as Vaadin does by default. */
public final class PluginViewInstantiator extends DefaultInstantiator {

    private final VaadinService service;

    PluginViewInstantiator(VaadinService service) {
        super(service);
        this.service = service;
    }

    @Override
    public <T> T getOrCreate(Class<T> type) {
        Optional<RunningPlugin> owner = WebServices.of(service.getContext()).plugins().running().stream()
                .filter(plugin -> plugin.classLoader() == type.getClassLoader())
                .findFirst();
        return owner.map(plugin -> ContextInjector.create(type, plugin.context())).orElseGet(() -> super.getOrCreate(type));
    }

    /** Registered in META-INF/services so Vaadin uses this instantiator. */
    public static final class Factory implements InstantiatorFactory {
        @Override
        public Instantiator createInstantitor(VaadinService service) {
            return new PluginViewInstantiator(service);
        }
    }
}
