package io.ctops.sdk.web;

import com.vaadin.flow.component.Component;
import java.util.UUID;
import org.pf4j.ExtensionPoint;

/**
 * A tab a plugin adds to the host detail page (metrics, checks, certificates ...). The server shows
 * it only for hosts of the signed-in user's organisation and only while the plugin runs.
 */
public interface HostTab extends ExtensionPoint {

    /** The tab label, e.g. {@code "Metrics"}. */
    String title();

    /** Position among the tabs; lower comes first. The core overview tab is 0. */
    default int order() {
        return 100;
    }

    /** The tab's content for one host; called each time the tab is opened. */
    Component create(HostTabContext host);

    /** The host the tab is for and who is looking. */
    record HostTabContext(UUID hostId, UUID orgId, String hostname, String viewerRole) {
    }
}
