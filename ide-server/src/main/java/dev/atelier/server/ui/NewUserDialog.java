package dev.atelier.server.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import java.util.function.Consumer;

/** Creates a local account; the account service's validation errors appear on their fields. */
class NewUserDialog extends Dialog {

  private final AccountService accounts;
  private final Consumer<UserAccount> onCreated;
  private final TextField username = new TextField("User name");
  private final TextField displayName = new TextField("Display name");
  private final PasswordField password = new PasswordField("Initial password");
  private final Checkbox admin = new Checkbox("Administrator");
  private final Div error = new Div();

  NewUserDialog(AccountService accounts, Consumer<UserAccount> onCreated) {
    this.accounts = accounts;
    this.onCreated = onCreated;
    setHeaderTitle("New user");
    setId("new-user-dialog");
    setWidth("min(30rem, 95vw)");

    username.setId("new-username");
    username.setHelperText("Lower case letters, digits, '.', '_' or '-'.");
    username.setRequiredIndicatorVisible(true);
    displayName.setId("new-display-name");
    displayName.setHelperText("Optional. Shown in the UI instead of the user name.");
    password.setId("new-user-password");
    password.setHelperText("At least 8 characters. Tell the user to change it on their profile.");
    password.setRequiredIndicatorVisible(true);
    admin.setId("new-admin");
    error.addClassName("atelier-form-error");
    error.setId("new-user-error");
    error.setVisible(false);

    FormLayout form = new FormLayout(username, displayName, password, admin);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
    add(form, error);

    Button create = new Button("Create", event -> submit());
    create.setId("create-user");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.addClickShortcut(Key.ENTER);
    getFooter().add(new Button("Cancel", event -> close()), create);
  }

  private void submit() {
    username.setInvalid(false);
    password.setInvalid(false);
    displayName.setInvalid(false);
    error.setVisible(false);
    try {
      UserAccount user =
          accounts.createUser(
              username.getValue().strip(),
              password.getValue(),
              displayName.getValue(),
              admin.getValue());
      close();
      onCreated.accept(user);
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
