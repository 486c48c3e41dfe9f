package io.ctops.core.web;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import io.ctops.sdk.web.NavEntry;

/** The application shell: header and a side navigation that core and plugins fill. */
public final class MainLayout extends AppLayout {

    public MainLayout() {
        WebServices services = WebServices.current();
        H1 title = new H1("CT-Ops");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        Span version = new Span(services.product().productVersion());
        version.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        addToNavbar(new DrawerToggle(), title, version);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Overview", OverviewView.class, VaadinIcon.DASHBOARD.create()));
        nav.addItem(new SideNavItem("Plugins", PluginsView.class, VaadinIcon.PLUG.create()));
        for (NavEntry entry : services.pluginRoutes().navEntries()) {
            nav.addItem(new SideNavItem(entry.title(), "/" + entry.path(), icon(entry.icon())));
        }
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }

    private static Icon icon(String name) {
        String[] parts = name == null ? new String[0] : name.split(":", 2);
        return parts.length == 2 ? new Icon(parts[0], parts[1]) : VaadinIcon.PUZZLE_PIECE.create();
    }
}
