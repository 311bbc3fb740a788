package dev.atelier.server.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.atelier.server.account.SelfRegistration;

/**
 * The sign-in page. The form posts to {@code /login}, where Spring Security's form login checks the
 * password; a failed attempt comes back as {@code /login?error}.
 */
@Route("login")
@PageTitle("Sign in · Atelier")
@AnonymousAllowed
@CssImport("./styles/atelier.css")
public class LoginView extends Div implements BeforeEnterObserver {

  private final AuthenticationContext authentication;
  private final SelfRegistration registration;
  private final LoginForm form = new LoginForm();
  private final Paragraph createAccount = new Paragraph();
  private final Paragraph registered = new Paragraph("Account created. Sign in with it now.");

  public LoginView(AuthenticationContext authentication, SelfRegistration registration) {
    this.authentication = authentication;
    this.registration = registration;
    addClassName("atelier-login");
    setId("login-view");

    form.setAction("login");
    form.setForgotPasswordButtonVisible(false);
    form.setI18n(i18n());
    form.setId("login-form");

    Span mark = new Span("A");
    mark.addClassName("atelier-brand-mark");
    H1 title = new H1("Atelier");
    Div brand = new Div(mark, title);
    brand.addClassName("atelier-login-brand");
    Paragraph tagline = new Paragraph("Cloud workspaces, edited together.");
    tagline.addClassName("atelier-login-tagline");

    registered.setId("registered");
    registered.addClassName("atelier-login-tagline");
    registered.setVisible(false);
    Anchor register = new Anchor("register", "Create account");
    register.setId("create-account");
    createAccount.add(new Span("New here? "), register);
    createAccount.addClassName("atelier-login-tagline");
    createAccount.setVisible(false);

    Div card = new Div(brand, tagline, registered, form, createAccount);
    card.addClassName("atelier-login-card");
    add(card);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    if (authentication.isAuthenticated()) {
      event.forwardTo(DashboardView.class);
      return;
    }
    var parameters = event.getLocation().getQueryParameters().getParameters();
    form.setError(parameters.containsKey("error"));
    registered.setVisible(parameters.containsKey("registered"));
    // Only offered while an administrator allows it (RegisterView refuses otherwise anyway).
    createAccount.setVisible(registration.enabled());
  }

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    super.onAttach(attachEvent);
    // A context URL (/#/https://…) is redirected here before sign-in. The fragment never reaches
    // the server and is lost on the post-login redirect, so keep it in the tab's sessionStorage
    // for the dashboard to pick up.
    attachEvent
        .getUI()
        .getPage()
        .executeJs(
            "if (location.hash && location.hash.startsWith('#/')) {"
                + " sessionStorage.setItem($0, location.hash); }",
            ContextUrl.STORAGE_KEY);
  }

  private static LoginI18n i18n() {
    LoginI18n i18n = LoginI18n.createDefault();
    i18n.getForm().setTitle("Sign in");
    i18n.getForm().setUsername("User name");
    i18n.getErrorMessage().setTitle("Wrong user name or password");
    i18n.getErrorMessage()
        .setMessage("Check both and try again. An administrator can create an account for you.");
    return i18n;
  }
}
