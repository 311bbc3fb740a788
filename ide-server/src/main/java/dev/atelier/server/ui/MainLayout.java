package dev.atelier.server.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import jakarta.annotation.security.PermitAll;

/**
 * The frame around every signed-in page: brand, navigation (Users only for admins) and a user menu
 * with Sign out.
 */
@PermitAll
@JsModule("@vaadin/vaadin-lumo-styles/badge-global.js")
@CssImport("./styles/atelier.css")
public class MainLayout extends AppLayout {

  public MainLayout(AccountService accounts, AuthenticationContext authentication) {
    UserAccount user = accounts.currentUser();
    setPrimarySection(Section.DRAWER);
    addToNavbar(true, new DrawerToggle(), brand(), userMenu(user, authentication));
    addToDrawer(navigation(user));
  }

  private static Anchor brand() {
    Span mark = new Span("A");
    mark.addClassName("atelier-brand-mark");
    Anchor brand = new Anchor("", mark, new Span("Atelier"));
    brand.addClassName("atelier-brand");
    brand.setId("brand");
    return brand;
  }

  private static SideNav navigation(UserAccount user) {
    SideNav nav = new SideNav();
    nav.setId("main-nav");
    nav.addClassName("atelier-nav");
    nav.addItem(item("Workspaces", DashboardView.class, VaadinIcon.LAPTOP, "nav-workspaces"));
    nav.addItem(item("Stacks", StacksView.class, VaadinIcon.STOCK, "nav-stacks"));
    nav.addItem(item("Profile", ProfileView.class, VaadinIcon.USER, "nav-profile"));
    if (user.admin()) {
      nav.addItem(item("Users", UsersView.class, VaadinIcon.USERS, "nav-users"));
      nav.addItem(
          item("Workspace limits", WorkspaceLimitsView.class, VaadinIcon.DASHBOARD, "nav-limits"));
      nav.addItem(item("Sign-ins", SignInsView.class, VaadinIcon.SIGN_IN, "nav-sign-ins"));
      nav.addItem(
          item("Extensions", ExtensionsView.class, VaadinIcon.PUZZLE_PIECE, "nav-extensions"));
    }
    return nav;
  }

  private static SideNavItem item(
      String label,
      Class<? extends com.vaadin.flow.component.Component> view,
      VaadinIcon icon,
      String id) {
    SideNavItem item = new SideNavItem(label, view, icon.create());
    item.setId(id);
    return item;
  }

  private static HorizontalLayout userMenu(UserAccount user, AuthenticationContext authentication) {
    Avatar avatar = new Avatar(user.displayName());
    avatar.addThemeName("xsmall");
    Span name = new Span(user.displayName());
    name.addClassName("atelier-user-name");
    Div trigger = new Div(avatar, name);
    trigger.addClassName("atelier-user-trigger");

    MenuBar menu = new MenuBar();
    menu.setId("user-menu");
    menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
    MenuItem root = menu.addItem(trigger);
    root.getSubMenu()
        .addItem("Profile", event -> root.getUI().ifPresent(ui -> ui.navigate(ProfileView.class)))
        .setId("menu-profile");
    root.getSubMenu().addItem("Sign out", event -> authentication.logout()).setId("sign-out");

    HorizontalLayout right = new HorizontalLayout(menu);
    right.addClassName("atelier-navbar-end");
    right.setAlignItems(Alignment.CENTER);
    return right;
  }
}
