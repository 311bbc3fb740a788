package dev.atelier.server.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.ApiToken;
import dev.atelier.server.account.ApiTokenService;
import dev.atelier.server.account.CreatedToken;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import jakarta.annotation.security.PermitAll;

/** The signed-in user's account: personal API tokens and the password. */
@Route(value = "profile", layout = MainLayout.class)
@PageTitle("Profile · Atelier")
@PermitAll
public class ProfileView extends Div {

  private final AccountService accounts;
  private final ApiTokenService tokens;
  private final UserAccount user;
  private final TimeFormat time = TimeFormat.system();
  private final Grid<ApiToken> tokenGrid = new Grid<>(ApiToken.class, false);
  private final TextField tokenName = new TextField();

  public ProfileView(AccountService accounts, ApiTokenService tokens) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.user = accounts.currentUser();
    addClassName("atelier-page");
    setId("profile");

    H2 title = new H2(user.displayName());
    Paragraph subtitle =
        new Paragraph("Signed in as " + user.username() + (user.admin() ? " · administrator" : ""));
    subtitle.addClassName("atelier-subtitle");
    Div header = new Div(new Div(title, subtitle));
    header.addClassName("atelier-page-header");

    add(header, tokenSection(), passwordSection());
    refreshTokens();
  }

  private Div tokenSection() {
    H3 title = new H3("API tokens");
    Paragraph text =
        new Paragraph(
            "Tokens let scripts and tools use the REST API as you: send"
                + " Authorization: Bearer <token>. Revoke a token when it is no longer needed.");
    text.addClassName("atelier-muted");

    tokenName.setId("token-name");
    tokenName.setPlaceholder("Token name, e.g. laptop CLI");
    tokenName.setMaxLength(100);
    tokenName.setWidth("18rem");
    Button create = new Button("Create token", VaadinIcon.KEY.create(), event -> createToken());
    create.setId("create-token");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    Div form = new Div(tokenName, create);
    form.addClassName("atelier-inline-form");

    tokenGrid.setId("tokens");
    tokenGrid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
    tokenGrid.setAllRowsVisible(true);
    tokenGrid.addColumn(ApiToken::name).setHeader("Name").setFlexGrow(2);
    tokenGrid.addColumn(token -> time.relative(token.createdAt())).setHeader("Created");
    tokenGrid.addColumn(token -> time.relative(token.lastUsedAt())).setHeader("Last used");
    tokenGrid
        .addComponentColumn(this::revokeButton)
        .setHeader("")
        .setAutoWidth(true)
        .setFlexGrow(0);
    tokenGrid.setEmptyStateText("No tokens yet.");

    Div section = new Div(title, text, form, tokenGrid);
    section.addClassName("atelier-section");
    return section;
  }

  private Button revokeButton(ApiToken token) {
    Button revoke = new Button("Revoke", event -> confirmRevoke(token));
    revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
    revoke.getElement().setAttribute("data-action", "revoke");
    revoke.getElement().setAttribute("data-token-id", token.id());
    return revoke;
  }

  private void createToken() {
    tokenName.setInvalid(false);
    try {
      CreatedToken created = tokens.create(user.id(), tokenName.getValue());
      tokenName.clear();
      refreshTokens();
      new TokenSecretDialog(created).open();
    } catch (AtelierException e) {
      tokenName.setErrorMessage(e.getMessage());
      tokenName.setInvalid(true);
    }
  }

  private void confirmRevoke(ApiToken token) {
    ConfirmDialog confirm = new ConfirmDialog();
    confirm.setId("confirm-revoke");
    confirm.setHeader("Revoke " + token.name() + "?");
    confirm.setText("Requests that use this token are refused from now on.");
    confirm.setCancelable(true);
    Button revoke = new Button("Revoke");
    revoke.setId("confirm-revoke-button");
    revoke.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
    confirm.setConfirmButton(revoke);
    confirm.addConfirmListener(
        event -> {
          try {
            tokens.revoke(user.id(), token.id());
            Notifications.success("Revoked " + token.name());
          } catch (AtelierException e) {
            Notifications.error(e.getMessage());
          }
          refreshTokens();
        });
    confirm.open();
  }

  private void refreshTokens() {
    tokenGrid.setItems(tokens.list(user.id()));
  }

  private Div passwordSection() {
    H3 title = new H3("Password");
    PasswordField current = new PasswordField("Current password");
    current.setId("current-password");
    PasswordField next = new PasswordField("New password");
    next.setId("new-password");
    next.setHelperText("At least 8 characters.");
    PasswordField repeat = new PasswordField("Repeat new password");
    repeat.setId("repeat-password");
    FormLayout form = new FormLayout(current, next, repeat);
    form.setResponsiveSteps(
        new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40rem", 3));

    Button change = new Button("Change password");
    change.setId("change-password");
    change.addClickListener(
        event -> {
          current.setInvalid(false);
          next.setInvalid(false);
          repeat.setInvalid(false);
          if (!next.getValue().equals(repeat.getValue())) {
            repeat.setErrorMessage("The two new passwords differ: type the same one twice.");
            repeat.setInvalid(true);
            return;
          }
          try {
            accounts.changePassword(user.id(), current.getValue(), next.getValue());
            current.clear();
            next.clear();
            repeat.clear();
            Notifications.success("Password changed");
          } catch (AtelierException e) {
            PasswordField field = e.code() == ErrorCode.FORBIDDEN ? current : next;
            field.setErrorMessage(e.getMessage());
            field.setInvalid(true);
          }
        });
    Div section = new Div(title, form, change);
    section.addClassName("atelier-section");
    return section;
  }

  /** Shows a new token's secret once, with a copy button. */
  static final class TokenSecretDialog extends com.vaadin.flow.component.dialog.Dialog {

    TokenSecretDialog(CreatedToken created) {
      setHeaderTitle("Token " + created.token().name() + " created");
      setId("token-created");
      setWidth("min(38rem, 95vw)");
      Paragraph warning =
          new Paragraph("Copy the token now: it is stored only as a hash and is not shown again.");
      TextField secret = new TextField();
      secret.setId("token-secret");
      secret.setValue(created.secret());
      secret.setReadOnly(true);
      secret.setWidthFull();
      secret.addClassName("atelier-secret");
      Button copy = new Button("Copy", VaadinIcon.COPY.create());
      copy.setId("copy-token");
      copy.addClickListener(
          event ->
              copy.getElement()
                  .executeJs(
                      "return navigator.clipboard.writeText($0).then(() => true, () => false)",
                      created.secret())
                  .then(
                      Boolean.class,
                      copied -> {
                        if (Boolean.TRUE.equals(copied)) {
                          copy.setText("Copied");
                        } else {
                          Notifications.error(
                              "The browser refused clipboard access: select the token and copy"
                                  + " it by hand.");
                        }
                      }));
      Div row = new Div(secret, copy);
      row.addClassName("atelier-inline-form");
      add(warning, row);
      Button done = new Button("Done", event -> close());
      done.setId("token-done");
      done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      getFooter().add(done);
    }
  }
}
