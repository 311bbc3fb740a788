package dev.atelier.server.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.workspace.CreateWorkspaceRequest;
import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceService;
import dev.atelier.stacks.Stack;
import java.util.List;
import java.util.function.Consumer;

/**
 * Creates a workspace from a stack, optionally cloning a repository. The server validates; its
 * errors are shown next to the field they concern, or above the buttons.
 */
class NewWorkspaceDialog extends Dialog {

  private final WorkspaceService workspaces;
  private final UserAccount user;
  private final Consumer<Workspace> onCreated;

  private final Select<Stack> stack = new Select<>();
  private final TextField repository = new TextField("Repository URL");
  private final TextField name = new TextField("Name");
  private final Div error = new Div();
  private final Button create = new Button("Create");

  NewWorkspaceDialog(
      WorkspaceService workspaces,
      List<Stack> stacks,
      UserAccount user,
      Consumer<Workspace> onCreated) {
    this.workspaces = workspaces;
    this.user = user;
    this.onCreated = onCreated;
    setHeaderTitle("New workspace");
    setId("new-workspace-dialog");
    setWidth("min(34rem, 95vw)");

    stack.setLabel("Stack");
    stack.setId("stack-picker");
    stack.setItems(stacks);
    stack.setPlaceholder("Choose a stack");
    stack.setItemLabelGenerator(Stack::name);
    stack.setRenderer(new ComponentRenderer<>(NewWorkspaceDialog::stackItem));
    stack.setRequiredIndicatorVisible(true);
    stack.setEmptySelectionAllowed(false);

    repository.setId("repository-url");
    repository.setPlaceholder("https://github.com/owner/repo.git");
    repository.setHelperText(
        "Optional. Cloned on first start; its .devcontainer/devcontainer.json or"
            + " .atelier/stack.json replaces the stack.");
    repository.setClearButtonVisible(true);

    name.setId("workspace-name");
    name.setHelperText("Optional. Taken from the repository or the stack when empty.");
    name.setClearButtonVisible(true);

    error.setId("new-workspace-error");
    error.addClassName("atelier-form-error");
    error.setVisible(false);

    FormLayout form = new FormLayout(stack, repository, name);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
    add(form, error);

    create.setId("create-workspace");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.addClickListener(event -> submit());
    create.addClickShortcut(Key.ENTER);
    Button cancel = new Button("Cancel", event -> close());
    cancel.setId("cancel-new-workspace");
    getFooter().add(cancel, create);
  }

  /** Opens the dialog with {@code preselected} chosen (from the stack catalog). */
  void open(Stack preselected) {
    stack.setValue(preselected);
    open();
  }

  /** Validates, asks the server to create the workspace, and shows errors in place. */
  void submit() {
    clearErrors();
    if (stack.isEmpty()) {
      stack.setErrorMessage("Choose the stack the workspace is built from.");
      stack.setInvalid(true);
      return;
    }
    CreateWorkspaceRequest request =
        new CreateWorkspaceRequest(
            stack.getValue().id(),
            blankToNull(repository.getValue()),
            blankToNull(name.getValue()));
    try {
      Workspace workspace = workspaces.create(user, request);
      close();
      onCreated.accept(workspace);
    } catch (AtelierException e) {
      showError(e);
    }
  }

  private void showError(AtelierException e) {
    switch (e.code()) {
      case UNKNOWN_STACK -> {
        stack.setErrorMessage(e.getMessage());
        stack.setInvalid(true);
      }
      case INVALID_REPOSITORY -> {
        repository.setErrorMessage(e.getMessage());
        repository.setInvalid(true);
      }
      case INVALID_NAME -> {
        name.setErrorMessage(e.getMessage());
        name.setInvalid(true);
      }
      default -> {
        error.setText(e.getMessage());
        error.setVisible(true);
      }
    }
  }

  private void clearErrors() {
    stack.setInvalid(false);
    repository.setInvalid(false);
    name.setInvalid(false);
    error.setVisible(false);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Div stackItem(Stack item) {
    Span title = new Span(item.name());
    title.addClassName("atelier-stack-option-name");
    Span description = new Span(item.description());
    description.addClassName("atelier-stack-option-description");
    Div option = new Div(title, description);
    option.addClassName("atelier-stack-option");
    option.getElement().setAttribute("data-stack-id", item.id());
    return option;
  }
}
