package dev.atelier.server.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.SelfRegistration;
import dev.atelier.server.account.UserAccount;
import jakarta.annotation.security.RolesAllowed;

/** User administration: every account, and creating new ones. Admins only. */
@Route(value = "admin/users", layout = MainLayout.class)
@PageTitle("Users · Atelier")
@RolesAllowed("ADMIN")
public class UsersView extends Div {

  private final AccountService accounts;
  private final TimeFormat time = TimeFormat.system();
  private final Grid<UserAccount> grid = new Grid<>(UserAccount.class, false);

  public UsersView(AccountService accounts, SelfRegistration registration) {
    this.accounts = accounts;
    addClassName("atelier-page");
    setId("users");

    H2 title = new H2("Users");
    Paragraph subtitle = new Paragraph("Local accounts. Each user sees only their own workspaces.");
    subtitle.addClassName("atelier-subtitle");
    Button create = new Button("New user", VaadinIcon.PLUS.create());
    create.setId("new-user");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.addClickListener(event -> new NewUserDialog(accounts, this::created).open());
    Div header = new Div(new Div(title, subtitle), create);
    header.addClassName("atelier-page-header");

    grid.setId("user-grid");
    grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
    grid.setAllRowsVisible(true);
    grid.addColumn(UserAccount::username).setHeader("User name").setSortable(true);
    grid.addColumn(UserAccount::displayName).setHeader("Display name").setSortable(true);
    grid.addComponentColumn(UsersView::role).setHeader("Role").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(user -> time.absolute(user.createdAt())).setHeader("Created");
    grid.setItems(accounts.listUsers());

    Checkbox selfRegistration =
        new Checkbox(
            "Anyone can create their own account (e.g. guests who received a share link)",
            registration.enabled());
    selfRegistration.setId("self-registration");
    UserAccount admin = accounts.currentUser();
    selfRegistration.addValueChangeListener(
        event -> {
          registration.setEnabled(admin, event.getValue());
          Notifications.success(
              event.getValue() ? "Self-registration is on" : "Self-registration is off");
        });
    add(header, selfRegistration, grid);
  }

  private void created(UserAccount user) {
    grid.setItems(accounts.listUsers());
    Notifications.success("Created user " + user.username());
  }

  private static Span role(UserAccount user) {
    Span role = new Span(user.admin() ? "Admin" : "User");
    role.getElement().setAttribute("theme", user.admin() ? "badge" : "badge contrast");
    return role;
  }
}
