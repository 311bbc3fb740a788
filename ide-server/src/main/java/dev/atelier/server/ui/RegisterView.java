package dev.atelier.server.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.atelier.server.account.SelfRegistration;
import dev.atelier.server.error.AtelierException;

/**
 * "Create account": self-registration for guests (e.g. someone who received a share link). Works
 * only while an administrator has turned it on; otherwise the page says so. After creating the
 * account the guest signs in, and the sign-in returns to the page they first asked for (the share
 * link).
 */
@Route("register")
@PageTitle("Create account · Atelier")
@AnonymousAllowed
@CssImport("./styles/atelier.css")
public class RegisterView extends Div implements BeforeEnterObserver {

  private final SelfRegistration registration;
  private final AuthenticationContext authentication;
  private final TextField username = new TextField("User name");
  private final TextField displayName = new TextField("Display name");
  private final PasswordField password = new PasswordField("Password");
  private final PasswordField repeat = new PasswordField("Repeat password");
  private final Div error = new Div();
  private final Div card = new Div();

  public RegisterView(SelfRegistration registration, AuthenticationContext authentication) {
    this.registration = registration;
    this.authentication = authentication;
    addClassName("atelier-login");
    setId("register-view");
    card.addClassName("atelier-login-card");
    add(card);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    if (authentication.isAuthenticated()) {
      event.forwardTo(DashboardView.class);
      return;
    }
    card.removeAll();
    Span mark = new Span("A");
    mark.addClassName("atelier-brand-mark");
    Div brand = new Div(mark, new H1("Atelier"));
    brand.addClassName("atelier-login-brand");
    card.add(brand);
    if (!registration.enabled()) {
      H2 title = new H2("Accounts are created by administrators");
      Paragraph text =
          new Paragraph(
              "This server does not let people create their own account. Ask an administrator"
                  + " to create one for you, then sign in.");
      Div off = new Div(title, text, new Anchor("login", "Back to sign in"));
      off.setId("registration-disabled");
      card.add(off);
      return;
    }
    card.add(form());
  }

  private Div form() {
    username.setId("register-username");
    username.setHelperText("2-32 lower case letters, digits, '.', '_' or '-'.");
    username.setRequiredIndicatorVisible(true);
    displayName.setId("register-display-name");
    displayName.setHelperText("Optional. What collaborators see next to your cursor.");
    password.setId("register-password");
    password.setHelperText("At least 8 characters.");
    password.setRequiredIndicatorVisible(true);
    repeat.setId("register-repeat");
    error.addClassName("atelier-form-error");
    error.setId("register-error");
    error.setVisible(false);
    Button create = new Button("Create account", event -> submit());
    create.setId("register-submit");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.addClickShortcut(Key.ENTER);
    FormLayout form = new FormLayout(username, displayName, password, repeat);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
    Div content =
        new Div(
            new H2("Create account"),
            form,
            error,
            create,
            new Paragraph(new Anchor("login", "I already have an account")));
    content.setId("register-form");
    return content;
  }

  private void submit() {
    username.setInvalid(false);
    password.setInvalid(false);
    repeat.setInvalid(false);
    error.setVisible(false);
    if (!password.getValue().equals(repeat.getValue())) {
      repeat.setErrorMessage("The passwords differ: type the same password twice.");
      repeat.setInvalid(true);
      return;
    }
    try {
      registration.register(
          username.getValue().strip(), password.getValue(), displayName.getValue());
      // A full page load: the sign-in form then returns to the page first asked for (share link).
      getUI().ifPresent(ui -> ui.getPage().setLocation("login?registered"));
    } catch (AtelierException e) {
      switch (e.code()) {
        case INVALID_USERNAME, USERNAME_TAKEN -> {
          username.setErrorMessage(e.getMessage());
          username.setInvalid(true);
        }
        case WEAK_PASSWORD -> {
          password.setErrorMessage(e.getMessage());
          password.setInvalid(true);
        }
        default -> {
          error.setText(e.getMessage());
          error.setVisible(true);
        }
      }
    }
  }
}
