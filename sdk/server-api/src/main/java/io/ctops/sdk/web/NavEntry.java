package io.ctops.sdk.web;

import com.vaadin.flow.component.Component;
import org.pf4j.ExtensionPoint;

/**
 * A page a plugin adds to the web UI, with its entry in the side navigation. The view is shown inside
 * the application shell at {@code /<path>} while the plugin runs.
 *
 * <p>The view class needs a public constructor that takes nothing or a
 * {@link io.ctops.sdk.PluginContext}. Do not annotate it with {@code @Route}: the server registers it
 * at {@link #path()} when the plugin starts and removes it when the plugin stops.
 */
public interface NavEntry extends ExtensionPoint {

    /** The menu label, e.g. {@code "Certificates"}. */
    String title();

    /** The route, relative to the application root, e.g. {@code "certificates"}. */
    String path();

    /** The view shown at {@link #path()}. */
    Class<? extends Component> view();

    /** A Vaadin icon name such as {@code "vaadin:lock"}. */
    default String icon() {
        return "vaadin:puzzle-piece";
    }

    /**
     * The least role that sees the entry and may open the view: {@code read_only}, {@code engineer},
     * {@code org_admin} or {@code super_admin}.
     */
    default String requiredRole() {
        return "read_only";
    }

    /** Position in the menu; lower comes first. Core entries use 0-99. */
    default int order() {
        return 100;
    }
}
