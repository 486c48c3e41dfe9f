package io.ctops.core.web;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.theme.lumo.Lumo;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.plugin.RunningPlugin;
import io.ctops.sdk.web.HeaderItem;
import io.ctops.sdk.web.NavEntry;
import java.util.Comparator;
import java.util.List;

/**
 * The application shell: a header with the organisation, plugin header items, the theme switch and
 * the user menu, and a side navigation that core and plugins fill, filtered by the user's role.
 */
public final class MainLayout extends AppLayout {

    public MainLayout() {
        WebServices services = WebServices.current();
        Actor actor = UiSession.actor().orElse(null);
        H1 title = new H1("CT-Ops");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        header.getStyle().set("padding-right", "var(--lumo-space-m)");
        if (actor != null) {
            Span org = new Span(services.services().users().organisationName(actor.orgId()));
            org.setId("header-organisation");
            org.getStyle().set("color", "var(--lumo-secondary-text-color)");
            Span spacer = new Span();
            header.add(org, spacer);
            header.setFlexGrow(1, spacer);
            headerItems(services).forEach(header::add);
            header.add(themeSwitch(), userMenu(actor));
        }
        addToNavbar(header);
        applyTheme();

        SideNav nav = new SideNav();
        nav.setId("side-nav");
        nav.addItem(new SideNavItem("Dashboard", DashboardView.class, VaadinIcon.DASHBOARD.create()));
        nav.addItem(new SideNavItem("Hosts", HostsView.class, VaadinIcon.SERVER.create()));
        nav.addItem(new SideNavItem("Groups", GroupsView.class, VaadinIcon.FOLDER_O.create()));
        for (NavEntry entry : services.pluginRoutes().navEntries()) {
            if (actor != null && actor.may(AccessGuard.pluginRole(entry.requiredRole()))) {
                nav.addItem(new SideNavItem(entry.title(), "/" + entry.path(), icon(entry.icon())));
            }
        }
        SideNavItem settings = new SideNavItem("Settings");
        settings.setPrefixComponent(VaadinIcon.COG.create());
        settings.setExpanded(true);
        if (actor != null && actor.may(Role.ENGINEER)) {
            settings.addItem(new SideNavItem("Enrolment tokens", TokensView.class, VaadinIcon.KEY.create()));
        }
        if (actor != null && actor.may(Role.ORG_ADMIN)) {
            settings.addItem(new SideNavItem("Users", UsersView.class, VaadinIcon.USERS.create()));
        }
        settings.addItem(new SideNavItem("API keys", ApiKeysView.class, VaadinIcon.CODE.create()));
        settings.addItem(new SideNavItem("Plugins", PluginsView.class, VaadinIcon.PLUG.create()));
        nav.addItem(settings);
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }

    private static List<Component> headerItems(WebServices services) {
        return services.plugins().running().stream()
                .flatMap((RunningPlugin plugin) -> plugin.extensions(HeaderItem.class).stream())
                .sorted(Comparator.comparingInt(HeaderItem::order))
                .map(HeaderItem::create)
                .toList();
    }

    private Button themeSwitch() {
        Button theme = new Button(VaadinIcon.ADJUST.create(), e -> {
            UiSession.dark(!UiSession.dark());
            applyTheme();
        });
        theme.setId("theme-switch");
        theme.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        theme.setAriaLabel("Switch light or dark theme");
        theme.setTooltipText("Light or dark theme");
        return theme;
    }

    private static void applyTheme() {
        var list = UI.getCurrent().getElement().getThemeList();
        if (UiSession.dark()) {
            list.add(Lumo.DARK);
        } else {
            list.remove(Lumo.DARK);
        }
    }

    private static MenuBar userMenu(Actor actor) {
        MenuBar menu = new MenuBar();
        menu.setId("user-menu");
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        SubMenu sub = menu.addItem(actor.name() + " (" + actor.role().id() + ")").getSubMenu();
        sub.addItem("Profile", e -> UI.getCurrent().navigate(ProfileView.class));
        sub.addItem("Sign out", e -> {
            UiSession.signOut();
            UI.getCurrent().getPage().setLocation("login");
        });
        return menu;
    }

    private static Icon icon(String name) {
        String[] parts = name == null ? new String[0] : name.split(":", 2);
        return parts.length == 2 ? new Icon(parts[0], parts[1]) : VaadinIcon.PUZZLE_PIECE.create();
    }
}
