package io.ctops.core.web;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;

/**
 * Application-wide page settings: server push, so host status changes reach open pages without a
 * reload. Long polling works through any proxy and needs no WebSocket support in the container.
 */
@Push(value = PushMode.AUTOMATIC, transport = Transport.LONG_POLLING)
public final class AppShell implements AppShellConfigurator {
}
