package dev.atelier.server.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atelier.server.account.SignInEvent;
import dev.atelier.server.account.SignInLog;
import jakarta.annotation.security.RolesAllowed;

/** The sign-in audit log: who signed in or failed to, when and from which address. Admins only. */
@Route(value = "admin/sign-ins", layout = MainLayout.class)
@PageTitle("Sign-ins · Atelier")
@RolesAllowed("ADMIN")
public class SignInsView extends Div {

  /** Entries shown, newest first. */
  static final int SHOWN = 500;

  public SignInsView(SignInLog log) {
    addClassName("atelier-page");
    setId("sign-ins");
    TimeFormat time = TimeFormat.system();

    H2 title = new H2("Sign-ins");
    Paragraph subtitle =
        new Paragraph(
            "The last "
                + SHOWN
                + " sign-in attempts of the last 90 days. Throttled attempts were refused without"
                + " checking the password, after too many failures for that account and address.");
    subtitle.addClassName("atelier-subtitle");
    Div header = new Div(new Div(title, subtitle));
    header.addClassName("atelier-page-header");

    Grid<SignInEvent> grid = new Grid<>(SignInEvent.class, false);
    grid.setId("sign-in-grid");
    grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(event -> time.absolute(event.at())).setHeader("When").setAutoWidth(true);
    grid.addColumn(SignInEvent::username).setHeader("User name");
    grid.addComponentColumn(SignInsView::outcome).setHeader("Outcome").setAutoWidth(true);
    grid.addColumn(SignInEvent::address).setHeader("From").setAutoWidth(true);
    grid.setItems(log.recent(SHOWN));
    add(header, grid);
  }

  private static Component outcome(SignInEvent event) {
    Span badge =
        new Span(
            switch (event.outcome()) {
              case SUCCESS -> "Signed in";
              case FAILURE -> "Wrong name or password";
              case THROTTLED -> "Throttled";
            });
    badge
        .getElement()
        .setAttribute(
            "theme",
            event.outcome() == SignInEvent.Outcome.SUCCESS ? "badge success" : "badge error");
    badge.getElement().setAttribute("data-outcome", event.outcome().name());
    return badge;
  }
}
